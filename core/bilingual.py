"""French first, English when the reader asks for it and the text exists: one rule for every
bilingual field (`<field>_fr` / `<field>_en`) shown on a page, in an API answer or a choice list."""

from django.utils.translation import get_language


def reads_english() -> bool:
    return (get_language() or "").startswith("en")


def bilingual(obj, field: str) -> str:
    """`obj.<field>_en` for an English reader when filled in, else `obj.<field>_fr`."""
    if reads_english():
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, f"{field}_fr", "")
