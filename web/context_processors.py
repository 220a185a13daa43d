"""Every page knows its region's brand and the menu of the person looking at it."""

from web.branding import brand_for
from web.navigation import nav_for


def branding(request) -> dict:
    return {"brand": brand_for(getattr(request, "tenant", None)), "nav": nav_for(request)}
