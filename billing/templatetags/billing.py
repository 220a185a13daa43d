"""{% load billing %}{% billing_banner %}: the page banner for overdue or read-only regions."""

from django import template

register = template.Library()


@register.inclusion_tag("billing/banner.html", takes_context=True)
def billing_banner(context):
    request = context.get("request")
    return {"state": getattr(request, "billing", None)}
