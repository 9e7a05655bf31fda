"""Colour contrast as WCAG 2.2 measures it, and the nearest shade of a colour that has enough.

A council's brand colour is the site's accent (brand: colour in site.yaml): the header's
background behind white text and the colour of links on the page's light backgrounds. WCAG
2.2 AA asks text to have a contrast of at least 4.5:1 with what is behind it, so a colour
is checked against each background it is used on, and where it falls short the clerk is
told the nearest shade that passes: the same hue and saturation, lighter or darker in HSL.
In dark mode links are on dark backgrounds, where the brand colour cannot pass (one dark
enough for white text is too dark for them): links there take the nearest lighter shade.

The backgrounds are those of templates/static/site.css (its tests hold the two together).
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

AA_TEXT = 4.5
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")

#: Where the colour is used in light colours: white text on it (the header, the search
#: button), and link text on each light background of the stylesheet.
LIGHT_USES = (
    ("white text on it in the header", "#ffffff"),
    ("links on the page background", "#ffffff"),
    ("links on the light grey of panels and the footer", "#f3f2f1"),
    ("links in a finding's pale red box", "#fdf0ee"),
    ("links in a warning's pale orange box", "#fef2e8"),
)
#: The dark-mode backgrounds links are shown on (page, panels, findings, warnings).
DARK_BACKGROUNDS = ("#0f1112", "#1e2224", "#3a1a14", "#3a2614")


def luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of '#rrggbb'."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ratio_text(ratio: float) -> str:
    """'4.49:1': truncated, never rounded up, since WCAG's threshold is exact."""
    return f"{int(ratio * 100) / 100:.2f}:1"


@dataclass(frozen=True)
class Shortfall:
    use: str  # where the colour fails, in words
    background: str  # what it fails against
    ratio: float
    nearest: str  # the nearest shade that passes every use
    nearest_ratio: float  # its contrast where it has least


def light_shortfall(colour: str) -> Shortfall | None:
    """How the brand colour fails its light-colour uses (the worst of them), or None."""
    use, background = min(LIGHT_USES, key=lambda u: contrast(colour, u[1]))
    ratio = contrast(colour, background)
    if ratio >= AA_TEXT:
        return None
    nearest = nearest_passing(colour, [b for _, b in LIGHT_USES])
    return Shortfall(use, background, ratio, nearest, min(contrast(nearest, b) for _, b in LIGHT_USES))


def dark_link(colour: str) -> str:
    """The colour links take in dark mode: the brand colour's nearest shade that reads on
    every dark background."""
    return nearest_passing(colour, DARK_BACKGROUNDS)


def nearest_passing(colour: str, backgrounds: Sequence[str]) -> str:
    """The shade of ``colour`` closest in HSL lightness whose contrast with every one of
    ``backgrounds`` is at least 4.5:1 (hue and saturation kept). Lightness is tried in steps
    of 0.1%, each shade as the #rrggbb it would be written, so the answer passes as written."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    best = None
    for step in range(1001):
        shade = _hex(colorsys.hls_to_rgb(hue, step / 1000, saturation))
        if all(contrast(shade, b) >= AA_TEXT for b in backgrounds):
            distance = abs(step / 1000 - lightness)
            if best is None or distance < best[0]:
                best = (distance, shade)
    if best is None:  # not reached: black and white pass against any light or dark background
        raise ValueError(f"no shade of {colour} passes against {backgrounds}")
    return best[1]


def _hex(rgb: Iterable[float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
