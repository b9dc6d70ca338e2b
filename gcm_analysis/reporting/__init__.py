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


def _place(fig: Figure) -> None:
    """Lay out a figure made with ``new_figure(layout="fit")`` (once)."""
    if getattr(fig, "_gcm_fit_layout", False):
        from ._style import fit_layout

        fit_layout(fig)
        fig._gcm_fit_layout = False  # type: ignore[attr-defined]


def figure_png(fig: Figure, dpi: int | None = None) -> bytes:
    """Render a figure to PNG bytes (deterministic: no timestamp metadata)."""
    from ._metrics import shared_text_metrics

    buffer = _io.BytesIO()
    with shared_text_metrics():
        _place(fig)
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


#: SVG settings: text stays text (rendered by the browser, selectable in the PDF;
#: about 2x faster than rasterising glyphs) and ids are salted with a constant, so
#: the same figure gives the same bytes in every run. Text is laid out with DejaVu
#: Sans metrics; a viewer without that font falls back to its narrower default
#: sans-serif (never to wider fonts such as Verdana, which could clip labels).
SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "gcm-workbook",
          "svg.image_inline": True, "font.family": "sans-serif",
          "font.sans-serif": ["DejaVu Sans"]}


def figure_svg(fig: Figure) -> str:
    """Render a figure to SVG text (deterministic: no date, constant ids)."""
    import matplotlib

    from ._metrics import shared_text_metrics

    buffer = _io.StringIO()
    with shared_text_metrics():
        _place(fig)
        # an inner block: its measurements are keyed on the SVG font settings
        # matplotlib's stubs want each rc key as a Literal; SVG_RC's are plain str
        with matplotlib.rc_context(SVG_RC), shared_text_metrics():  # type: ignore[arg-type]
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def figure_alt(fig: Figure) -> str:
    """The figure's text alternative: its suptitle, else the first axes title."""
    titles = [fig.get_suptitle()] + [ax.get_title() for ax in fig.axes]
    return next((t for t in titles if t), "chart")


def show(fig: Figure) -> None:
    """Display a figure in a notebook as SVG (the report shows it as an image).

    Works without pyplot or an inline backend, so executed notebooks and exported
    reports look the same everywhere. The output carries the alt text as
    ``text/plain``; the HTML export wraps the SVG in ``<img>`` (never inline).
    """
    from IPython.display import display

    display({"image/svg+xml": figure_svg(fig), "text/plain": figure_alt(fig)},
            raw=True)


_NUMBER = re.compile(r"^[-+−]?[\d,.\s]*\d[\d,.\s]*(%| %)?$|^—$")


def _is_numeric_column(column: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column):
        return True
    values = column.dropna().astype(str)
    return bool(len(values)) and bool(
        values.map(lambda v: bool(_NUMBER.match(v))).all())


def table_html(table: pd.DataFrame, index: bool = False, text: bool = False) -> str:
    """Return a table as escaped HTML; numeric columns right-aligned, text left.

    Every heading and cell is HTML-escaped; NA shows as an em dash. Rendering is
    plain string building (no Styler: ~30x faster, same in every report).
    """
    frame = table.reset_index() if index else table
    numeric = [(not text) and _is_numeric_column(frame[c]) for c in frame.columns]
    # JupyterLab right-aligns every cell and squeezes long texts into narrow
    # columns: text left-aligned, long texts given a readable width. The report's
    # export drops style attributes (its stylesheet does the same).
    styles = [_NUM_STYLE if is_num else _LONG_STYLE if _is_long(frame[c])
              else _TXT_STYLE for c, is_num in zip(frame.columns, numeric, strict=True)]
    head = "".join(
        f'<th class="{"num" if is_num else "txt"}" style="{style}">'
        f'{html.escape(str(c))}</th>'
        for c, is_num, style in zip(frame.columns, numeric, styles, strict=True))
    body = []
    for row in frame.itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="{"num" if is_num else "txt"}" style="{style}">'
            f'{"—" if _is_missing(v) else html.escape(str(v))}</td>'
            for v, is_num, style in zip(row, numeric, styles, strict=True))
        body.append(f"<tr>{cells}</tr>")
    return (f'<table class="gcm-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


_NUM_STYLE = "text-align:right"
_TXT_STYLE = "text-align:left"
#: A column with texts longer than :data:`LONG_TEXT` characters: wrapped at a
#: readable width instead of squeezed.
_LONG_STYLE = "text-align:left;min-width:22em;max-width:42em;white-space:normal"
LONG_TEXT = 60


def _is_long(column: pd.Series) -> bool:
    return bool(column.dropna().astype(str).str.len().gt(LONG_TEXT).any())


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def show_table(table: pd.DataFrame, index: bool = False, text: bool = False) -> None:
    """Display a table in a notebook (and report) as escaped HTML."""
    from IPython.display import HTML, display

    display(HTML(table_html(table, index=index, text=text)))
