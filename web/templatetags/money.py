"""{% load money %}{{ cents|money:currency }}: Stripe amounts (in cents) as the reader writes them."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from core.bilingual import reads_english

register = template.Library()


@register.filter
def money(cents, currency: str = "cad") -> str:
    amount = number_format(Decimal(cents or 0) / 100, decimal_pos=2, force_grouping=True)
    symbol = "$" if (currency or "").lower() in ("cad", "usd") else (currency or "").upper()
    if reads_english():
        return f"{symbol}{amount}" if symbol == "$" else f"{amount} {symbol}"
    return f"{amount} {symbol}"
