"""HTML export of executed notebooks: one reused nbconvert exporter, lean template.

Reports hide all code and prompts, drop the parameters cells, never carry
scripts, and sanitise every HTML or Markdown output with an allow-list (bleach,
``strip=True``): a payload typed into a plan (``<script>``, ``onerror=``...) is
removed, and plain text stays escaped as pandas/our code wrote it. The page also
sets a Content-Security-Policy that forbids scripts and remote loads.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import bleach

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
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "div",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "small",
    "span", "strong", "style", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {
    "*": ["class", "id", "title", "lang"],
    "a": ["href", "title"],
    "td": ["colspan", "rowspan", "class", "id"],
    "th": ["colspan", "rowspan", "class", "id", "scope"],
}
ALLOWED_PROTOCOLS = frozenset({"https", "http", "mailto"})
#: Markdown is where text from a plan can be interpolated (titles, notes, file
#: names): it never needs ``<style>``, so user text cannot restyle or hide a report.
MARKDOWN_TAGS = ALLOWED_TAGS - {"style"}


def sanitize_html(html: str, tags: frozenset[str] = ALLOWED_TAGS) -> str:
    """Return ``html`` with only allow-listed tags/attributes (no scripts, no events).

    Examples
    --------
    >>> sanitize_html('<p onclick="x()">Hi<script>alert(1)</script></p>')
    '<p>Hialert(1)</p>'
    >>> sanitize_html('<style>p{display:none}</style>x', MARKDOWN_TAGS)
    'p{display:none}x'
    """
    return str(bleach.clean(html, tags=tags, attributes=ALLOWED_ATTRIBUTES,
                            protocols=ALLOWED_PROTOCOLS, strip=True,
                            strip_comments=True))


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
            if "image/svg+xml" in data:
                del data["image/svg+xml"]  # SVG can carry scripts; we emit PNG
            if not data:
                continue
        kept.append(output)
    cell["outputs"] = kept


class ReportExporter:
    """One nbconvert HTML exporter, built once and reused for every notebook."""

    def __init__(self) -> None:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

        class _SafeOutputs(Preprocessor):  # type: ignore[misc]
            def preprocess_cell(self, cell, resources, index):  # type: ignore[no-untyped-def]
                if cell.get("cell_type") == "code":
                    _clean_outputs(cell)
                elif cell.get("cell_type") == "markdown":
                    # rendered here and sanitised; the template prints it as is
                    cell.setdefault("metadata", {})["gcm_html"] = sanitize_html(
                        markdown2html_cached(cell.get("source", "")), MARKDOWN_TAGS)
                return cell, resources

        exporter = HTMLExporter(
            template_name="gcm_report",
            extra_template_basedirs=[str(paths.TEMPLATES_DIR)],
        )
        exporter.exclude_input = True
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
        exporter.embed_images = True
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
        """Return the notebook as one self-contained HTML page (input not modified)."""
        import copy

        resources = {"gcm": {"title": title, "subtitle": subtitle, "footer": footer,
                             "lang": lang, "css": self._css, "brand": "GCM Workbook"}}
        html, _ = self._exporter.from_notebook_node(copy.deepcopy(notebook),
                                                    resources=resources)
        return str(html)


def markdown2html_cached(source: str) -> str:
    """Render notebook Markdown to HTML (mistune, as nbconvert does)."""
    from nbconvert.filters import markdown2html

    return str(markdown2html(source))


@lru_cache(maxsize=1)
def shared_exporter() -> ReportExporter:
    """The process-wide exporter (building one costs ~0.3 s; exporting ~0.04 s)."""
    return ReportExporter()
