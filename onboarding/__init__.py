"""Onboarding a region, composed once: provision (tenants), open the trial (billing), invite.

The only package that imports both tenants and billing, so neither imports the other:

    api.platform, commands, demo, web wizard ──> onboarding ──> tenants.provisioning
                                                          └──> billing ──> tenants.models
"""

from onboarding.services import ONBOARDING_STEPS, Onboarded, region_onboard

__all__ = ["ONBOARDING_STEPS", "Onboarded", "region_onboard"]
