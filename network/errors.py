"""The network's refusals: stable codes, French messages (config.errors.CodedError)."""

from enum import StrEnum

from config.errors import CodedError


class NetworkError(CodedError):
    """A network service's or the network view's refusal; the API answers it as a 400."""


class NetworkErrorCode(StrEnum):
    PERIOD_REQUIRED = "period_required"
    PERIOD_INVALID = "period_invalid"
    PERIOD_NOT_FISCAL_YEAR = "period_not_fiscal_year"
    FUNDER_UNKNOWN = "network_funder_unknown"
    REGION_FUNDER_UNKNOWN = "region_funder_unknown"
    LINK_REQUIRED = "network_link_required"
