"""A region's look as the pages use it: colours, readable text colours (WCAG AA) and logo.

The brand colours are chosen by the region admin; the text drawn on them (and links drawn in the
primary colour on white) is computed here so that every pairing reaches the 4.5:1 AA ratio.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

# Ancrage's own look, for the platform host and as the fallback.
ANCRAGE_PRIMARY = "#1d4f91"
ANCRAGE_SECONDARY = "#f2a900"
DARK_TEXT = "#111827"
LIGHT_TEXT = "#ffffff"
AA_RATIO = 4.5


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(channel))):02x}" for channel in rgb)


def relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str) -> str:
    """White or near-black, whichever reads better on `background`."""
    if contrast_ratio(background, LIGHT_TEXT) >= contrast_ratio(background, DARK_TEXT):
        return LIGHT_TEXT
    return DARK_TEXT


def readable_on_white(colour: str) -> str:
    """`colour`, darkened step by step until it reaches AA on a white page (links, headings)."""
    red, green, blue = _rgb(colour)
    candidate = colour.lower()
    factor = 1.0
    while contrast_ratio(candidate, LIGHT_TEXT) < AA_RATIO and factor > 0:
        factor -= 0.05
        candidate = _hex((red * factor, green * factor, blue * factor))
    return candidate


@dataclass(frozen=True)
class Brand:
    name: str
    primary: str
    secondary: str
    logo_url: str
    default_language: str
    is_platform: bool

    @property
    def on_primary(self) -> str:
        return text_on(self.primary)

    @property
    def on_secondary(self) -> str:
        return text_on(self.secondary)

    @property
    def link(self) -> str:
        return readable_on_white(self.primary)


def brand_for(region) -> Brand:
    """The brand of the host's region; Ancrage's own on the platform host (or without a region)."""
    if region is None or region.is_public:
        return Brand(
            name=_("Ancrage"),
            primary=ANCRAGE_PRIMARY,
            secondary=ANCRAGE_SECONDARY,
            logo_url="",
            default_language="fr-ca",
            is_platform=True,
        )
    return Brand(
        name=region.name,
        primary=region.primary_color or ANCRAGE_PRIMARY,
        secondary=region.secondary_color or ANCRAGE_SECONDARY,
        logo_url=region.logo.url if region.logo else "",
        default_language=region.default_language or "fr-ca",
        is_platform=False,
    )
