"""Errors raised by the tenants services, of the one family config.errors.CodedError."""

from enum import StrEnum

from config.errors import CodedError


class ProvisioningErrorCode(StrEnum):
    SLUG_INVALID = "slug_invalid"
    SLUG_RESERVED = "slug_reserved"
    SLUG_TAKEN = "slug_taken"
    EMAIL_INVALID = "email_invalid"
    NAME_INVALID = "name_invalid"
    BRANDING_INVALID = "branding_invalid"


class ProvisioningError(CodedError):
    """Provisioning's refusal (see config.errors.CodedError); codes in ProvisioningErrorCode."""


class BrandingErrorCode(StrEnum):
    INVALID = "invalid"
    LOGO_TOO_LARGE = "logo_too_large"
    LOGO_TYPE = "logo_type_invalid"
    LOGO_SVG_REFUSED = "logo_svg_refused"


class BrandingError(CodedError):
    """A region's branding refused (see config.errors.CodedError); codes in BrandingErrorCode."""
