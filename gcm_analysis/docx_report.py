"""The editable report: ``report.docx`` (Word, opens in LibreOffice too).

Built from the same content as ``report.html``: the executed report notebook's
outputs, in order. Markdown outputs (headings, paragraphs, bold and italic
words, quotes, lists) are parsed with mistune (nbconvert's Markdown parser) and
written as Word headings and paragraphs; tables come from the cells each
``reporting.show_table`` output carries (:data:`reporting.TABLE_MIMETYPE`: header
row repeated on every page, numbers right-aligned, red / amber / green cells
shaded as in the HTML); figures are the PNG copies of the charts. Nothing is
parsed from HTML and nothing in the document can run: text typed into a plan
arrives as plain text. The document's title and language are set (core
properties and the default run language) so Word spell-checks French as French.
"""

from __future__ import annotations

import html
import io as _io
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .export import REMOVE_CELL_TAGS
from .reporting import TABLE_MIMETYPE

log = logging.getLogger(__name__)

#: Word's language tags for the report languages.
WORD_LANGUAGES = {"en": "en-GB", "fr": "fr-FR"}
#: Width of a figure on an A4 page with 2 cm margins, centimetres.
FIGURE_WIDTH_CM = 16.5
#: Width of the text between the margins of an A4 page with 2 cm margins, cm.
TEXT_WIDTH_CM = 17.0
#: Table font sizes, points: the first whose columns fit (from 8 past 5 columns).
TABLE_POINTS = (9.0, 8.0, 7.5, 7.0)
#: Character width allowed, em: DejaVu Sans digits are 0.64, its bold lower case
#: about 0.7 ("done" 2.8 em), M 0.86; Arial's narrower. LibreOffice cut "don / e"
#: and "M0 / 1" at 0.66.
CHAR_EM = 0.72
#: Left plus right margin of a table cell (Word's default 0.19 cm each) and a
#: little to spare, cm.
CELL_MARGINS_CM = 0.45
#: The report's font: Arial on Windows and macOS; LibreOffice matches it to
#: Liberation Sans (same widths) or, where neither is installed, DejaVu Sans,
#: the HTML report's. Without it, the template's theme fonts (Cambria body,
#: Calibri headings) fell back to DejaVu Serif next to DejaVu Sans headings.
FONT = "Arial"
#: Cell shading of the gap table's red / amber / green codes (as in the HTML).
SHADING = {"red": "F4C7C3", "amber": "FCE8B2", "green": "B7E1CD"}


def report_docx(notebook: Any, *, title: str, footer: str, lang: str = "en") -> bytes:
    """Return the executed report notebook as DOCX bytes.

    Parameters
    ----------
    notebook : NotebookNode or dict
        The executed ``05_country_report`` notebook (not modified).
    title : str
        The document's title (its core properties; the first heading is in the
        content).
    footer : str
        Text of every page's footer (version, run, date).
    lang : str
        ``en`` or ``fr``: the language Word marks the text with.
    """
    from docx import Document
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4 portrait
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    _set_language(document, WORD_LANGUAGES.get(lang, lang))
    _set_font(document, FONT)
    properties = document.core_properties
    properties.title = title
    properties.language = WORD_LANGUAGES.get(lang, lang)
    properties.author = "GCM Workbook"
    properties.comments = footer
    section.footer.paragraphs[0].text = footer
    for cell in notebook.get("cells", []):
        if REMOVE_CELL_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.get("cell_type") == "markdown":
            _add_markdown(document, _text(cell.get("source", "")))
        elif cell.get("cell_type") == "code":
            for output in cell.get("outputs", []):
                _add_output(document, output)
    buffer = _io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _text(source: str | Iterable[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


def _add_output(document: Any, output: Mapping[str, Any]) -> None:
    data = output.get("data") or {}
    if TABLE_MIMETYPE in data:
        _add_table(document, data[TABLE_MIMETYPE])
    elif "image/png" in data:
        _add_picture(document, data["image/png"], _alt(output))
    elif "text/markdown" in data:
        _add_markdown(document, _text(data["text/markdown"]))
    elif "image/svg+xml" in data:
        log.warning("report.docx: a figure without a PNG copy was left out (%s)",
                    _alt(output))
    elif "text/html" in data:
        log.warning("report.docx: an HTML output without its table cells (%s) was "
                    "left out", TABLE_MIMETYPE)


def _alt(output: Mapping[str, Any]) -> str:
    from .export import image_alt

    return image_alt(output, "image/png")


# ------------------------------------------------------------------ markdown
def _add_markdown(document: Any, source: str) -> None:
    import mistune

    parse = mistune.create_markdown(renderer=None)
    for block in parse(source):
        if isinstance(block, dict):  # the AST renderer gives dicts
            _add_block(document, block)


def _add_block(document: Any, block: Mapping[str, Any], style: str | None = None
               ) -> None:
    kind = block.get("type")
    if kind == "heading":
        level = int(block["attrs"]["level"])
        heading = document.add_heading("", level=min(level, 4))
        heading.paragraph_format.keep_with_next = True
        _add_inline(heading, block.get("children", []))
    elif kind in ("paragraph", "block_text"):
        paragraph = document.add_paragraph(style=style)
        _add_inline(paragraph, block.get("children", []))
    elif kind == "block_quote":
        for child in block.get("children", []):
            _add_block(document, child, style="Intense Quote")
    elif kind == "list":
        ordered = block.get("attrs", {}).get("ordered", False)
        list_style = "List Number" if ordered else "List Bullet"
        for item in block.get("children", []):
            for child in item.get("children", []):
                _add_block(document, child, style=list_style)
    elif kind == "block_code":
        document.add_paragraph(str(block.get("raw", "")).rstrip("\n"))
    elif kind == "block_html":  # shown as text: nothing in the document runs
        document.add_paragraph(str(block.get("raw", "")).strip())


def _add_inline(paragraph: Any, children: Iterable[Mapping[str, Any]],
                bold: bool = False, italic: bool = False) -> None:
    for child in children:
        kind = child.get("type")
        if kind in ("text", "codespan", "inline_html"):
            raw = str(child.get("raw", ""))
            # Markdown text decodes entity references (&amp; is "&"); code does not
            run = paragraph.add_run(html.unescape(raw) if kind == "text" else raw)
            run.bold, run.italic = bold or None, italic or None
        elif kind == "strong":
            _add_inline(paragraph, child.get("children", []), True, italic)
        elif kind == "emphasis":
            _add_inline(paragraph, child.get("children", []), bold, True)
        elif kind == "link":  # the words, then the address in brackets
            _add_inline(paragraph, child.get("children", []), bold, italic)
            url = str(child.get("attrs", {}).get("url", ""))
            if url.startswith(("http://", "https://")):
                paragraph.add_run(f" ({url})")
        elif kind == "softbreak":
            paragraph.add_run(" ")
        elif kind == "linebreak":
            paragraph.add_run().add_break()
        elif "children" in child:
            _add_inline(paragraph, child["children"], bold, italic)


# ------------------------------------------------------------ tables, images
def _add_table(document: Any, data: Mapping[str, Any]) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    columns = [str(c) for c in data.get("columns", [])]
    rows = data.get("rows", [])
    numeric = list(data.get("numeric", [False] * len(columns)))
    shading = data.get("shading")
    if not columns:
        return
    table = document.add_table(rows=1 + len(rows), cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    points, widths, relax = column_widths([columns, *rows], TEXT_WIDTH_CM)
    size = Pt(points)
    table.autofit = False  # the widths below, not the office suite's guess
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    # row by row (table.cell(r, c) walks the whole table: quadratic)
    cited = data.get("cited")
    for r, (row, values) in enumerate(zip(table.rows, [columns, *rows], strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = Cm(widths[c])
            paragraph = cell.paragraphs[0]
            title = cited[r - 1][c] if cited and r > 0 else None
            for text, language, is_code in _cell_runs(str(value), title):
                if relax:
                    text = text.replace("\u00a0", " ")
                run = paragraph.add_run(text)
                run.font.size = size
                run.bold = r == 0 or None
                if language:  # a title cited in its own language
                    _set_run_language(run, WORD_LANGUAGES.get(language, language))
                    run.italic = True
                if is_code:
                    run.font.name = "Consolas"
            if numeric[c]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            code = shading[r - 1][c] if shading and r > 0 else ""
            if code in SHADING:
                _shade(cell, SHADING[code])
            elif r == 0:
                _shade(cell, "F5F7FA")
    document.add_paragraph()


def _cell_runs(text: str, cited: list[str] | None = None
               ) -> list[tuple[str, str, bool]]:
    """A table cell's runs: ``(text, language or "", is a code name)``; a cited
    title (``[title, language, after, before]``, :class:`gcm_analysis.reporting.Cited`)
    in its language, names between backticks as code without the backticks.

    Examples
    --------
    >>> _cell_runs("calculé : `gdp_usd` / x")
    [('calculé : ', '', False), ('gdp_usd', '', True), (' / x', '', False)]
    >>> _cell_runs("Guide (extrait)", ["Guide", "en", " (extrait)", ""])
    [('Guide', 'en', False), (' (extrait)', '', False)]
    """
    from .reporting import CODE_NAME

    def plain(text: str) -> list[tuple[str, str, bool]]:
        return [(part, "", bool(i % 2))
                for i, part in enumerate(CODE_NAME.split(text)) if part]

    if not cited:
        return plain(text)
    work, language, after, *before = cited
    return [*plain("".join(before)), (work, language, False), *plain(after)]


def _set_run_language(run: Any, tag: str) -> None:
    """Mark one run's language (a title cited in English in a French report)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = run._r.get_or_add_rPr()  # noqa: SLF001 - python-docx has no API
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    properties.append(language)


def column_widths(cells: Sequence[Sequence[Any]], total_cm: float
                  ) -> tuple[float, list[float], bool]:
    """(font size in points, column widths in cm adding up to ``total_cm``,
    whether no-break spaces must become spaces) for a table of ``cells`` (header
    row first).

    Each column gets at least its longest word, so that nothing is cut inside
    a word (office suites give equal columns otherwise: "814 644 U / SD",
    "millio / ns USD"); what is left goes to the columns whose text is longer.
    A word runs to the next space: a number with its thousands separators
    (U+202F) is one word, and so is an amount joined to its unit by no-break
    spaces (U+00A0, "2,0 millions USD") unless the table only fits when those
    may break too (then the third value is True). The largest font of
    :data:`TABLE_POINTS` whose minimum widths fit is used."""
    columns = len(cells[0]) if cells else 0
    if not columns:
        return TABLE_POINTS[-1], [], False
    sizes = TABLE_POINTS if columns <= 5 else TABLE_POINTS[1:]

    def longest(breaks: str) -> list[int]:  # not str.split(): it breaks at U+202F
        return [max(len(word) for row in cells
                    for word in re.split(f"[{breaks}]+", str(row[c])))
                for c in range(columns)]

    for relax in (False, True):
        longest_word = longest(" \t\n\u00a0" if relax else " \t\n")
        points = next((size for size in sizes if sum(
            _cm(n, size) for n in longest_word) <= total_cm), None)
        if points is not None:
            break
    else:
        points = sizes[-1]
    low = [_cm(n, points) for n in longest_word]
    if sum(low) >= total_cm:  # too many columns: shrink all alike
        return points, [total_cm * w / sum(low) for w in low], relax
    longest_text = [max(min(len(str(row[c])), 60) for row in cells)
                    for c in range(columns)]
    extra = [max(0.0, _cm(n, points) - w) for n, w in zip(longest_text, low,
                                                           strict=True)]
    spare = total_cm - sum(low)
    if sum(extra) <= spare:  # every cell on one line: share the rest alike
        return points, [w + e + (spare - sum(extra)) / columns
                        for w, e in zip(low, extra, strict=True)], relax
    return points, [w + spare * e / sum(extra)
                    for w, e in zip(low, extra, strict=True)], relax


def _cm(characters: int, points: float) -> float:
    """Width of ``characters`` at ``points`` (:data:`CHAR_EM` each) plus the
    cell's margins."""
    return characters * points * CHAR_EM * 2.54 / 72 + CELL_MARGINS_CM


def _repeat_header(row: Any) -> None:
    """Mark a table's first row as its header (repeated on every page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()  # noqa: SLF001 - python-docx has no API
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(fill)  # noqa: SLF001 - python-docx has no API


def _add_picture(document: Any, png: str | bytes, alt: str) -> None:
    import base64

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    raw = base64.b64decode(png) if isinstance(png, str) else png
    document.add_picture(_io.BytesIO(raw), width=Cm(FIGURE_WIDTH_CM))
    paragraph = document.paragraphs[-1]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for properties in paragraph._p.xpath(".//wp:docPr"):  # noqa: SLF001
        properties.set("descr", alt)  # the image's text alternative


def _set_language(document: Any, tag: str) -> None:
    """Mark the default text language (Word's spell-check, screen readers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        properties = document.styles["Normal"].element.get_or_add_rPr()
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    language.set(qn("w:eastAsia"), tag)
    properties.append(language)


def _set_font(document: Any, font: str) -> None:
    """Use ``font`` for all text: the default run font and every style that
    named a theme font (an explicit name counts only without the theme's)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        properties = document.styles["Normal"].element.get_or_add_rPr()
    if properties.find(qn("w:rFonts")) is None:
        properties.insert(0, OxmlElement("w:rFonts"))
    for fonts in styles.iter(qn("w:rFonts")):
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{theme}"), None)
        for script in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{script}"), font)
