"""Onboarding a region, composed once (onboarding.services.region_onboard): provision the schema
(tenants), open the trial (billing), invite the first admin.

The only package that imports both tenants and billing, so neither imports the other:

    api.platform, provision_region command, demo, web wizard ──> onboarding ──> tenants.provisioning
                                                                          └──> billing ──> tenants.models
"""
