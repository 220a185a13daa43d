"""The one error family of Ancrage: a rule broken by the input, raised by any service.

`code` is stable (clients and tests assert it), `detail` is a message for people (French source,
translated through gettext), `field` names the one input at fault when there is one, and `extra`
carries structured context (e.g. the existing row of a duplicate). core, tenants and billing each
subclass it (ApplicationError, ProvisioningError, BillingError) with their own codes; the API's
one handler (api.exceptions) answers every CodedError as `{"detail", "code"[, "fields"]}`.

It lives in `config` because every app may import it without breaking the layering
(core must not import api/billing/web; billing must not import core).
"""


class CodedError(Exception):
    def __init__(self, code: str, detail: str, field: str | None = None, extra: dict | None = None):
        super().__init__(str(detail))
        self.code = str(code)
        self.detail = str(detail)
        self.field = field
        self.extra = extra or {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r}, detail={self.detail!r})"
