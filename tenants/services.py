"""Writes on a region's row (public schema) other than onboarding, which is tenants.provisioning."""

from django.db import transaction

from tenants.models import Region

BRANDING_FIELDS = ("name", "primary_color", "secondary_color", "default_language")


@transaction.atomic
def region_suspend(*, region: Region) -> Region:
    """The region's host answers 403 from now on; every row of it is kept."""
    region.status = Region.Status.SUSPENDED
    region.save(update_fields=["status", "updated_at"])
    return region


@transaction.atomic
def region_reactivate(*, region: Region) -> Region:
    region.status = Region.Status.ACTIVE
    region.save(update_fields=["status", "updated_at"])
    return region


@transaction.atomic
def region_branding_update(*, region: Region, data: dict) -> Region:
    """Write validated branding on the region's own row; a replaced logo file is deleted on commit.

    `data["logo"]`: a File to store, None to remove the logo, absent to keep it.
    """
    fields = [name for name in BRANDING_FIELDS if name in data]
    for name in fields:
        setattr(region, name, data[name])
    if "logo" in data:
        old = region.logo.name
        if data["logo"] is None:
            region.logo = ""
        else:
            region.logo.save(data["logo"].name, data["logo"], save=False)
        fields.append("logo")
        if old:
            transaction.on_commit(lambda: region.logo.storage.delete(old))
    region.full_clean(exclude=["schema_name", "slug"], validate_unique=False)
    region.save(update_fields=[*fields, "updated_at"])
    return region
