"""Errors raised by the tenants services; the API maps `code` and `detail` to its JSON errors."""

from enum import StrEnum


class ProvisioningErrorCode(StrEnum):
    SLUG_INVALID = "slug_invalid"
    SLUG_RESERVED = "slug_reserved"
    SLUG_TAKEN = "slug_taken"
    EMAIL_INVALID = "email_invalid"
    NAME_INVALID = "name_invalid"
    BRANDING_INVALID = "branding_invalid"


class ProvisioningError(Exception):
    def __init__(self, code: ProvisioningErrorCode, detail: str, field: str | None = None):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.field = field
