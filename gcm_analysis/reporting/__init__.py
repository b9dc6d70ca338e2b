"""Tables and matplotlib figures for notebooks and reports. No computation here.

One sub-module per stage (``profile``, ``needs``, ``costing``, ``funding``); each
``plot_*`` function returns a :class:`matplotlib.figure.Figure` with a title and
axis labels that carry units.
"""

from __future__ import annotations

import io as _io
import pandas as pd
from matplotlib.figure import Figure


def figure_png(fig: Figure, dpi: int | None = None) -> bytes:
    """Render a figure to PNG bytes (deterministic: no timestamp metadata)."""
    buffer = _io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def show(fig: Figure) -> None:
    """Display a figure in a notebook as an embedded PNG.

    Works without pyplot or an inline backend, so executed notebooks and exported
    reports look the same everywhere.
    """
    from IPython.display import Image, display

    titles = [fig.get_suptitle()] + [ax.get_title() for ax in fig.axes]
    alt = next((t for t in titles if t), "chart")
    display(Image(data=figure_png(fig), format="png", alt=alt))


def table_html(table: pd.DataFrame, index: bool = False, text: bool = False) -> str:
    """Return a table as escaped HTML (no Styler: ~30x faster, same look in reports).

    Cell values and headings are HTML-escaped; NA shows as an em dash.
    """
    classes = ["gcm-table"] + (["gcm-text"] if text else [])
    return table.to_html(index=index, escape=True, na_rep="—", classes=classes,
                         border=0)


def show_table(table: pd.DataFrame, index: bool = False, text: bool = False) -> None:
    """Display a table in a notebook (and report) as escaped HTML."""
    from IPython.display import HTML, display

    display(HTML(table_html(table, index=index, text=text)))
