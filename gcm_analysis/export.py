"""HTML export of executed notebooks: one reused nbconvert exporter, lean template.

Reports hide all code and prompts, drop the parameters cells, never carry
scripts, and sanitise every HTML or Markdown output with an allow-list (nh3, the
Rust ammonia sanitiser): a tag off the list is stripped and its text kept, except
``<script>`` (and ``<style>`` where styles are not allowed), removed with its
content; comments go too. A payload typed into a plan (``<script>``,
``onerror=``...) is removed, and plain text stays escaped as pandas/our code
wrote it. SVG figures are shown as ``<img src="data:image/svg+xml;base64,...">``,
never inlined: an SVG loaded as an image runs no script and loads nothing. The
page also sets a Content-Security-Policy that forbids scripts and remote loads.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import nh3

from . import paths

#: Cell tags removed from exported reports.
REMOVE_CELL_TAGS = frozenset({"remove-cell", "parameters", "injected-parameters"})
#: Output mimetypes that could run code in a browser: never exported.
ACTIVE_MIMETYPES = frozenset({
    "application/javascript",
    "text/javascript",
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.jupyter.widget-state+json",
})
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "div",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre",
    "small",
    "span", "strong", "style", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {
    "*": frozenset({"class", "id", "title", "lang"}),
    "a": frozenset({"href", "title"}),
    "td": frozenset({"colspan", "rowspan", "class", "id"}),
    "th": frozenset({"colspan", "rowspan", "class", "id", "scope"}),
}
ALLOWED_PROTOCOLS = frozenset({"https", "http", "mailto"})
#: Markdown is where text from a plan can be interpolated (titles, notes, file
#: names): it never needs ``<style>``, so user text cannot restyle or hide a report.
MARKDOWN_TAGS = ALLOWED_TAGS - {"style"}
#: Tags removed with their content unless allowed (a stylesheet or a script is
#: not text to show).
CLEAN_CONTENT_TAGS = frozenset({"script", "style"})
#: Every link gets ``rel="noopener noreferrer"`` (ammonia's default, kept: a
#: link followed from a report served over HTTP does not reveal its address).
LINK_REL = "noopener noreferrer"
#: Image mimetypes the template shows as ``<img src="data:...">``.
IMAGE_MIMETYPES = ("image/svg+xml", "image/png", "image/jpeg")
#: Alt text of an image whose output carries none (nbconvert's wording).
DEFAULT_ALT = "No description has been provided for this image"


def sanitize_html(html: str, tags: frozenset[str] = ALLOWED_TAGS) -> str:
    """Return ``html`` with only allow-listed tags/attributes (no scripts, no events).

    Examples
    --------
    >>> sanitize_html('<p onclick="x()">Hi<script>alert(1)</script></p>')
    '<p>Hi</p>'
    >>> sanitize_html('<style>td > b {color: red}</style><b>x</b>')
    '<style>td > b {color: red}</style><b>x</b>'
    >>> sanitize_html('<style>p{display:none}</style>x', MARKDOWN_TAGS)
    'x'
    >>> sanitize_html('<a href="javascript:x()" onclick="y()">A &amp; B</a><!-- c -->')
    '<a rel="noopener noreferrer">A &amp; B</a>'
    >>> sanitize_html('<td class="num" id="c1" style="color:red">1&nbsp;000 &lt;</td>')
    '1&nbsp;000 &lt;'
    >>> sanitize_html('<table><tr><td class="num" id="c1">1</td></tr></table>')
    '<table><tbody><tr><td class="num" id="c1">1</td></tr></tbody></table>'
    """
    return nh3.clean(html, tags=tags, clean_content_tags=CLEAN_CONTENT_TAGS - tags,
                     attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_PROTOCOLS,
                     strip_comments=True, link_rel=LINK_REL)


def image_alt(output: Any, mimetype: str) -> str:
    """The alt text of an image output: its metadata ``alt``, else its ``text/plain``.

    A ``text/plain`` that is a Python repr (``<Figure size ...>``,
    ``<IPython.core.display.SVG object>``) describes nothing: :data:`DEFAULT_ALT`.

    Examples
    --------
    >>> image_alt({"data": {"text/plain": "Budget by year"}}, "image/svg+xml")
    'Budget by year'
    >>> image_alt({"data": {"text/plain": "<Figure size 640x480 with 1 Axes>"},
    ...            "metadata": {"image/png": {"alt": "Costs"}}}, "image/png")
    'Costs'
    >>> image_alt({"data": {"text/plain": "<IPython.core.display.SVG object>"}},
    ...           "image/svg+xml")
    'No description has been provided for this image'
    """
    metadata = output.get("metadata") or {}
    alt = (metadata.get(mimetype) or {}).get("alt") or metadata.get("alt")
    if not alt:
        text = str(output.get("data", {}).get("text/plain") or "").strip()
        alt = "" if text.startswith("<") and text.endswith(">") else text
    return str(alt) or DEFAULT_ALT


def _clean_outputs(cell: Any) -> None:
    from nbconvert.filters import markdown2html

    kept = []
    for output in cell.get("outputs", []):
        data = output.get("data")
        if data is not None:
            for mime in ACTIVE_MIMETYPES & set(data):
                del data[mime]
            if "text/markdown" in data:
                data["text/html"] = sanitize_html(
                    markdown2html(data.pop("text/markdown")), MARKDOWN_TAGS)
                data.pop("text/plain", None)
            elif "text/html" in data:
                data["text/html"] = sanitize_html(data["text/html"])
                data.pop("text/plain", None)
            for mime in IMAGE_MIMETYPES:
                if mime in data:  # the template writes it as alt="..." (escaped)
                    alt = image_alt(output, mime)
                    output.setdefault("metadata", {}).setdefault(mime, {})["alt"] = alt
            if not data:
                continue
        kept.append(output)
    cell["outputs"] = kept


class ReportExporter:
    """One nbconvert HTML exporter, built once and reused for every notebook."""

    def __init__(self) -> None:
        from nbconvert import HTMLExporter, TemplateExporter
        from nbconvert.filters import Highlight2HTML
        from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

        class _PageExporter(HTMLExporter):  # type: ignore[misc]
            def from_notebook_node(self, nb, resources=None, **kw):  # type: ignore[no-untyped-def]
                # Skips HTMLExporter's version, which registers a code highlighter
                # (done once below) and a widget-aware data-type filter (the
                # default one will do: widget outputs are dropped), then re-parses
                # the whole page with BeautifulSoup (half the export time) to give
                # images without alt text a placeholder (_clean_outputs gives every
                # image one) and to make the lab template's cells focusable.
                return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

        class _SafeOutputs(Preprocessor):  # type: ignore[misc]
            def preprocess_cell(self, cell, resources, index):  # type: ignore[no-untyped-def]
                if cell.get("cell_type") == "code":
                    _clean_outputs(cell)
                elif cell.get("cell_type") == "markdown":
                    # rendered here and sanitised; the template prints it as is
                    cell.setdefault("metadata", {})["gcm_html"] = sanitize_html(
                        markdown2html_cached(cell.get("source", "")), MARKDOWN_TAGS)
                return cell, resources

        exporter = _PageExporter(
            template_name="gcm_report",
            extra_template_basedirs=[str(paths.TEMPLATES_DIR)],
        )
        # code is never shown, but the base template names this filter
        exporter.register_filter("highlight_code", Highlight2HTML(parent=exporter))
        exporter.exclude_input = True
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
        # the notebook is checked against the schema once, after the last step
        exporter.optimistic_validation = True
        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags=set(REMOVE_CELL_TAGS),
                                  remove_input_tags={"remove-input"}, enabled=True),
            enabled=True,
        )
        exporter.register_preprocessor(_SafeOutputs(enabled=True), enabled=True)
        self._exporter = exporter
        self._css = (paths.TEMPLATES_DIR / "gcm_report" / "report.css").read_text(
            encoding="utf-8")

    def to_html(self, notebook: Any, *, title: str, subtitle: str, footer: str,
                lang: str = "en") -> str:
        """Return the notebook as one self-contained HTML page.

        The input is not modified: nbconvert preprocesses a deep copy of it.
        """
        resources = {"gcm": {"title": title, "subtitle": subtitle, "footer": footer,
                             "lang": lang, "css": self._css, "brand": "GCM Workbook"}}
        html, _ = self._exporter.from_notebook_node(notebook, resources=resources)
        return str(html)


def markdown2html_cached(source: str) -> str:
    """Render notebook Markdown to HTML (mistune, as nbconvert does)."""
    from nbconvert.filters import markdown2html

    return str(markdown2html(source))


@lru_cache(maxsize=1)
def shared_exporter() -> ReportExporter:
    """The process-wide exporter (building one costs ~0.3 s; exporting ~0.015 s)."""
    return ReportExporter()
