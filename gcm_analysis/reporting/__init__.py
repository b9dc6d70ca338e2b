"""Tables and matplotlib figures for notebooks and reports. No computation here.

One sub-module per stage (``profile``, ``needs``, ``costing``, ``funding``); each
``plot_*`` function returns a :class:`matplotlib.figure.Figure` with a title and
axis labels that carry units.
"""

from __future__ import annotations

import html
import io as _io
import re
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


_NUMBER = re.compile(r"^[-+−]?[\d,.\s]*\d[\d,.\s]*(%| %)?$|^—$")


def _is_numeric_column(column: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column):
        return True
    values = column.dropna().astype(str)
    return bool(len(values)) and bool(values.map(lambda v: bool(_NUMBER.match(v))).all())


def table_html(table: pd.DataFrame, index: bool = False, text: bool = False) -> str:
    """Return a table as escaped HTML; numeric columns right-aligned, text left.

    Every heading and cell is HTML-escaped; NA shows as an em dash. Rendering is
    plain string building (no Styler: ~30x faster, same in every report).
    """
    frame = table.reset_index() if index else table
    numeric = [(not text) and _is_numeric_column(frame[c]) for c in frame.columns]
    head = "".join(
        f'<th class="{"num" if is_num else "txt"}">{html.escape(str(c))}</th>'
        for c, is_num in zip(frame.columns, numeric, strict=True))
    body = []
    for row in frame.itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="{"num" if is_num else "txt"}">'
            f'{"—" if _is_missing(v) else html.escape(str(v))}</td>'
            for v, is_num in zip(row, numeric, strict=True))
        body.append(f"<tr>{cells}</tr>")
    return (f'<table class="gcm-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def show_table(table: pd.DataFrame, index: bool = False, text: bool = False) -> None:
    """Display a table in a notebook (and report) as escaped HTML."""
    from IPython.display import HTML, display

    display(HTML(table_html(table, index=index, text=text)))
