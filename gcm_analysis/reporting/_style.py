"""The report theme in one place: colours, fonts, figure size, number formats."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure

COLOURS = {
    "primary": "#1f4e79",     # the country
    "secondary": "#8fb3d9",   # region peers
    "tertiary": "#c9c9c9",    # income-group peers
    "accent": "#c0392b",      # targets and thresholds
    "green": "#2e7d32",
    "amber": "#f0a500",
    "red": "#c62828",
    "text": "#222222",
}
FONT_FAMILY = "DejaVu Sans"
FIGSIZE = (8.0, 4.5)
DPI = 110


def new_figure(width: float = FIGSIZE[0], height: float = FIGSIZE[1],
               layout: str | None = "constrained") -> Figure:
    """Return a themed Figure (object API, no pyplot state).

    ``layout=None`` with an explicit ``subplots_adjust`` is ~3x faster to render
    for grids of small charts; constrained layout is fine for one or two axes.
    """
    return Figure(figsize=(width, height), dpi=DPI, layout=layout)


def style_axes(ax) -> None:  # type: ignore[no-untyped-def]
    """Apply the house style to one Axes."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=9)
    ax.title.set_fontsize(11)


def format_number(value: object, unit: str | None = None, digits: int = 1) -> str:
    """Format a number for a table: thousands separators, NA as an em dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "—"
    number = float(value)  # type: ignore[arg-type]
    if unit in ("persons", "USD", "count") or abs(number) >= 1000:
        return f"{number:,.0f}"
    return f"{number:,.{digits}f}"
