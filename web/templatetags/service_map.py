"""{% load service_map %}: the public map's bilingual text, languages and opening hours."""

from django import template
from django.utils import translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from core.bilingual import bilingual, reads_english
from core.models import Weekday

register = template.Library()

WEEK = list(Weekday.values)
WORKWEEK = WEEK[:5]


@register.simple_tag(name="bilingual")
def bilingual_tag(obj, field: str) -> str:
    """`obj.<field>_en` for English readers when filled in, else `obj.<field>_fr`."""
    return bilingual(obj, field)


@register.filter
def language_name(code: str) -> str:
    """An ISO 639-1 code as the reader's language names it ("es" → "Espagnol")."""
    try:
        name = str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code
    return name[:1].upper() + name[1:]


def _clock(value) -> str:
    """8 h 30 in French, 8:30 AM in English."""
    if reads_english():
        return time_format(value, "g:i A")
    return f"{value.hour} h {value.minute:02d}"


@register.filter
def schedule_text(schedule) -> str:
    """ "Du lundi au vendredi, 08:30 – 16:30" (days in the reader's language)."""
    labels = dict(Weekday.choices)
    days = [day for day in WEEK if day in schedule.weekdays]
    if days == WORKWEEK:
        when = _("Du lundi au vendredi")
    elif days == WEEK:
        when = _("Tous les jours")
    else:
        when = ", ".join(str(labels[day]) for day in days)
    text = f"{when}, {_clock(schedule.opens_at)} – {_clock(schedule.closes_at)}"
    if schedule.note:
        text += f" ({schedule.note})"
    return text
