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


#: Resolution of the PNG copy of a report's figures (the editable report's images).
PNG_DPI = 120


def show(fig: Figure, png: bool = False) -> None:
    """Display a figure in a notebook as SVG (the report shows it as an image).

    Works without pyplot or an inline backend, so executed notebooks and exported
    reports look the same everywhere. The output carries the alt text as
    ``text/plain``; the HTML export wraps the SVG in ``<img>`` (never inline).
    ``png=True`` adds a PNG copy at :data:`PNG_DPI` (the country report's figures:
    ``report.docx`` embeds them; HTML keeps the SVG).
    """
    from IPython.display import display

    bundle = {"image/svg+xml": figure_svg(fig), "text/plain": figure_alt(fig)}
    if png:
        bundle["image/png"] = figure_png(fig, dpi=PNG_DPI)  # type: ignore[assignment]
    display(bundle, raw=True)


_NUMBER = re.compile(r"^[-+−]?[\d,.\s]*\d[\d,.\s]*(%| %)?$|^—$")


def _is_numeric_column(column: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column):
        return True
    values = column.dropna().astype(str)
    return bool(len(values)) and bool(
        values.map(lambda v: bool(_NUMBER.match(v))).all())


#: A cell that is only a figure: numbers, currency codes, "million(s)", %, dashes
#: (``USD 12.2 million``, ``1 234,5 %``, ``USD 1.0 million – USD 2.0 million``).
_FIGURE = re.compile(
    r"^(?=.*\d)(?:[A-Z]{3}|millions?|[-+−]?\d[\d,.\u00a0\u202f ]*|[%–—]|\s)+$")
#: A hyphenated word (``bottom-up``): kept whole in tables, never cut at the hyphen.
_HYPHENATED = re.compile(r"\w+(?:-\w+)+")
#: Tables with at most this many rows are never split across printed pages.
SMALL_TABLE_ROWS = 15
#: Tables with more columns than this are printed in a smaller type (A4 portrait).
WIDE_TABLE_COLUMNS = 6


def is_figure(text: str) -> bool:
    """Whether a cell's text is a figure that must not wrap.

    Examples
    --------
    >>> [is_figure(v) for v in ("USD 12.2 million", "40 %", "645 542 USD", "8")]
    [True, True, True, True]
    >>> [is_figure(v) for v in ("14. Consular protection", "bottom-up", "—")]
    [False, False, False]
    """
    return bool(_FIGURE.match(text.strip()))


class Cited(str):
    """A title cited in the language it was published in (a proper name, not
    translated), optionally between texts of ours in the page's language
    (``before``, ``after``): a table shows the title in ``<cite lang="en">``
    (screen readers read it in English, :mod:`gcm_analysis.french_lint` leaves
    it out) and ``report.docx`` marks its run English. As a string it is the
    whole text.

    Examples
    --------
    >>> shown = Cited("Stock 2020", "en", " (extrait)")
    >>> str(shown), cell_html(shown)
    ('Stock 2020 (extrait)', '<cite lang="en">Stock 2020</cite> (extrait)')
    """

    work: str  # the title (``str.title`` is a method)
    lang: str
    after: str
    before: str

    def __new__(cls, work: str, lang: str = "en", after: str = "",
                before: str = "") -> Cited:
        cited = super().__new__(cls, before + work + after)
        cited.work, cited.lang, cited.after, cited.before = work, lang, after, before
        return cited


#: Titles of publications the processed data's source notes name, published in
#: English only (UN DESA's *International Migrant Stock*, UNHCR's *Global
#: Trends*): cited as such in a note of another language.
CITED_IN_NOTES = re.compile(r"\b(?:International Migrant Stock|Global Trends) \d{4}\b")


def cite_titles(text: object, lang: str = "en") -> object:
    """``text`` (a source note in ``lang``) with the first English title of
    :data:`CITED_IN_NOTES` it names as a :class:`Cited`; as it is in English,
    or without such a title.

    Examples
    --------
    >>> cited = cite_titles("DAES, International Migrant Stock 2020, tableau 1", "fr")
    >>> cited.before, cited.work, cited.after
    ('DAES, ', 'International Migrant Stock 2020', ', tableau 1')
    >>> cite_titles("International Migrant Stock 2020", "en")
    'International Migrant Stock 2020'
    """
    if not isinstance(text, str) or lang == "en":
        return text
    match = CITED_IN_NOTES.search(text)
    if match is None:
        return text
    return Cited(match.group(), "en", text[match.end():], text[:match.start()])


def cell_html(value: object) -> str:
    """A table cell's text, escaped, with hyphenated words kept whole and a
    column or file name between backticks shown as code (not prose: a French
    note names ``remittances_paid_usd`` as the data do).

    Examples
    --------
    >>> cell_html("mixed: bottom-up <60%>")
    'mixed: <span class="gcm-nobr">bottom-up</span> &lt;60%&gt;'
    >>> cell_html("calculé : `gdp_usd` / `population`")
    'calculé : <code>gdp_usd</code> / <code>population</code>'
    """
    if isinstance(value, Cited):
        return (f'{cell_html(value.before)}<cite lang="{html.escape(value.lang)}">'
                f"{cell_html(value.work)}</cite>{cell_html(value.after)}")
    text = html.escape(str(value))
    parts = CODE_NAME.split(text)  # odd items: the names between backticks
    return "".join(
        f"<code>{part}</code>" if i % 2 else
        _HYPHENATED.sub(lambda m: f'<span class="gcm-nobr">{m.group()}</span>', part)
        for i, part in enumerate(parts))


#: A name between backticks in a cell (``remittances_paid_usd``, a file name).
CODE_NAME = re.compile(r"`([\w./+-]+)`")


def cell_class(value: object, is_num: bool) -> str:
    """The class of a body cell: ``num`` (right-aligned, no wrap), ``txt fig``
    (a figure in a text column: no wrap) or ``txt``."""
    if is_num:
        return "num"
    return "txt fig" if isinstance(value, str) and is_figure(value) else "txt"


def table_html(table: pd.DataFrame, index: bool = False, text: bool = False) -> str:
    """Return a table as escaped HTML; numeric columns right-aligned, text left.

    Every heading and cell is HTML-escaped; NA shows as an em dash. Figures never
    wrap and hyphenated words are not cut (see ``report.css``); a table of at
    most :data:`SMALL_TABLE_ROWS` rows is printed on one page. Rendering is
    plain string building (no Styler: ~30x faster, same in every report).
    A column whose cells are in another language than the page (a source quoted
    in its language) is named in ``table.attrs["cell_lang"]`` (column -> language
    code) and its cells carry ``lang``, for screen readers, hyphenation and
    :mod:`gcm_analysis.french_lint`'s callers.
    """
    frame = table.reset_index() if index else table
    numeric = [(not text) and _is_numeric_column(frame[c]) for c in frame.columns]
    cell_lang = table.attrs.get("cell_lang", {})
    langs = [f' lang="{html.escape(str(cell_lang[c]))}"' if c in cell_lang else ""
             for c in frame.columns]
    # JupyterLab right-aligns every cell and squeezes long texts into narrow
    # columns: text left-aligned, long texts given a readable width. The report's
    # export drops style attributes (its stylesheet does the same).
    styles = [_NUM_STYLE if is_num else _LONG_STYLE if _is_long(frame[c])
              else _TXT_STYLE for c, is_num in zip(frame.columns, numeric, strict=True)]
    head = "".join(
        f'<th class="{"num" if is_num else "txt"}" style="{style}">'
        f'{cell_html(c)}</th>'
        for c, is_num, style in zip(frame.columns, numeric, styles, strict=True))
    body = []
    for row in frame.itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="{"num" if is_num else "txt"}" style="{style}">—</td>'
            if _is_missing(v) else
            f'<td class="{cell_class(v, is_num)}" style="{style}"{lang}>'
            f'{cell_html(v)}</td>'
            for v, is_num, style, lang in zip(row, numeric, styles, langs,
                                               strict=True))
        body.append(f"<tr>{cells}</tr>")
    size = " gcm-small" if len(frame) <= SMALL_TABLE_ROWS else ""
    size += " gcm-wide" if len(frame.columns) > WIDE_TABLE_COLUMNS else ""
    return (f'<table class="gcm-table{size}"><thead><tr>{head}</tr></thead>'
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


#: Output mimetype of a displayed table's cells (what ``report.docx`` is built
#: from; the HTML report shows the ``text/html`` beside it).
TABLE_MIMETYPE = "application/vnd.gcm.table+json"


def table_data(table: pd.DataFrame, numeric: list[bool],
               shading: pd.DataFrame | None = None) -> dict[str, object]:
    """A displayed table as JSON: header, display strings (NA as an em dash),
    which columns hold numbers, and optionally a colour code per cell.

    Examples
    --------
    >>> table_data(pd.DataFrame({"a": ["x"], "b": [None]}), [False, True])
    {'columns': ['a', 'b'], 'numeric': [False, True], 'rows': [['x', '—']]}
    """
    data: dict[str, object] = {
        "columns": [str(c) for c in table.columns],
        "numeric": [bool(n) for n in numeric],
        "rows": [["—" if _is_missing(v) else str(v) for v in row]
                 for row in table.itertuples(index=False, name=None)],
    }
    if shading is not None:
        data["shading"] = [[str(v) for v in row]
                           for row in shading.itertuples(index=False, name=None)]
    cited = [[[v.work, v.lang, v.after, v.before] if isinstance(v, Cited) else None
              for v in row] for row in table.itertuples(index=False, name=None)]
    if any(any(row) for row in cited):  # titles in their own language (Cited)
        data["cited"] = cited
    return data


def show_table(table: pd.DataFrame, index: bool = False, text: bool = False) -> None:
    """Display a table in a notebook (and report) as escaped HTML, with its
    cells as :data:`TABLE_MIMETYPE` for the editable report."""
    from IPython.display import display

    frame = table.reset_index() if index else table
    numeric = [(not text) and _is_numeric_column(frame[c]) for c in frame.columns]
    display({"text/html": table_html(frame, text=text),
             TABLE_MIMETYPE: table_data(frame, numeric)}, raw=True)
