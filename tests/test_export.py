"""HTML export (no kernel): sanitised outputs, figures as images, input unchanged.

Notebooks are built by hand with the outputs an executed stage notebook holds
(pandas HTML, Markdown, PNG and SVG figures, stray script and widget outputs);
the page is checked as markup, as the browser test of ``test_safe_reports`` does
for a whole run.
"""

from __future__ import annotations

import base64
import copy
import re
from html.parser import HTMLParser

import nbformat
import pytest
from IPython.core.formatters import format_display_data
from IPython.display import SVG
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from gcm_analysis.export import DEFAULT_ALT, shared_exporter

#: A 1x1 PNG.
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA"
       "WjR9awAAAABJRU5ErkJggg==")
HOSTILE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
    'onload="window.__pwned=1"><script>alert(1)</script>'
    '<foreignObject><img src="x" onerror="alert(2)"/></foreignObject>'
    '<rect width="10" height="10"/></svg>')
FIGURE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
              '<text x="0" y="9">Costs &amp; gaps</text></svg>')
DATA_URI = re.compile(r'data:image/[a-z+]+;base64,[A-Za-z0-9+/=]*')


class _Images(HTMLParser):
    """Every start tag of a page, and the attributes of its images."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs))


def _export(*cells) -> str:
    notebook = new_notebook(cells=list(cells))
    return shared_exporter().to_html(notebook, title="t", subtitle="s", footer="f")


def _display(data, metadata=None):
    return new_output("display_data", data=data, metadata=metadata or {})


def _parse(html: str) -> _Images:
    parser = _Images()
    parser.feed(html)
    return parser


def test_an_svg_output_is_only_an_image_whatever_it_holds():
    html = _export(new_code_cell("show()", outputs=[
        _display({"image/svg+xml": HOSTILE_SVG, "text/plain": "A chart"})]))
    page = _parse(html)
    assert "svg" not in page.tags and "script" not in page.tags
    [image] = page.images
    src = image["src"] or ""
    assert src.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(src.split(",", 1)[1]).decode() == HOSTILE_SVG  # intact
    assert image["alt"] == "A chart"
    markup = DATA_URI.sub("", html)  # the page without its data URIs
    for needle in ("<svg", "<script", "onload", "onerror", "alert(", "foreignObject"):
        assert needle not in markup, needle


@pytest.mark.parametrize(("data", "metadata", "alt"), [
    ({"image/svg+xml": FIGURE_SVG, "text/plain": 'Costs & "gaps" <2025>'}, {},
     'Costs & "gaps" <2025>'),
    (*format_display_data(SVG(data=FIGURE_SVG, metadata={"alt": "Budget"})), "Budget"),
    (*format_display_data(SVG(data=FIGURE_SVG)), DEFAULT_ALT),  # a repr is no alt
    ({"image/svg+xml": FIGURE_SVG, "text/plain": "x"}, {"alt": "Top-level alt"},
     "Top-level alt"),
    ({"image/png": PNG, "text/plain": "<Figure size 640x480 with 1 Axes>"},
     {"image/png": {"alt": "Funding gap"}}, "Funding gap"),
    ({"image/png": PNG, "text/plain": "<Figure size 640x480 with 1 Axes>"}, {},
     DEFAULT_ALT),
])
def test_a_figure_becomes_an_image_with_its_alt_text(data, metadata, alt):
    html = _export(new_code_cell("show()", outputs=[_display(data, metadata)]))
    [image] = _parse(html).images
    mimetype = "image/png" if "image/png" in data else "image/svg+xml"
    assert (image["src"] or "").startswith(f"data:{mimetype};base64,")
    assert image["alt"] == alt  # escaped in the markup, whole once parsed
    assert "<pre>" not in html  # the text alternative is not printed as well
    if mimetype == "image/png":
        assert image["src"] == f"data:image/png;base64,{PNG}"


def test_outputs_and_markdown_are_sanitised_and_code_is_hidden():
    markdown = "**Plan** &lt;script&gt;\n\n<style>p{}</style>"
    table = ('<style>td > b {color: red}</style><table><tr><td class="num" '
             'onclick="x()">1</td></tr></table><!-- a comment --><script>x()</script>')
    html = _export(
        new_markdown_cell("# Title\n\n<style>body{display:none}</style>"
                          "<script>window.__pwned=1</script>\n\n"
                          "[x](javascript:alert(1)) <b onmouseover='x()'>b</b>"),
        new_code_cell("country = 'PRT'", metadata={"tags": ["parameters"]}),
        new_code_cell("def secret_code(): pass", outputs=[
            _display({"text/html": table, "text/plain": "plain twin"}),
            _display({"text/markdown": markdown}),
            _display({"application/javascript": "window.__pwned=2"}),
            _display({"application/vnd.jupyter.widget-view+json": {"model_id": "m"},
                      "text/plain": "widget"}),
        ]),
    )
    assert "<h1" in html and "Title" in html
    assert "<style>td > b {color: red}</style>" in html  # allowed in outputs...
    assert "display:none" not in html and "p{}" not in html  # ...not in Markdown
    assert '<td class="num">1</td>' in html
    assert "<strong>Plan</strong> &lt;script&gt;" in html  # escaped text stays text
    assert '<a rel="noopener noreferrer">x</a> <b>b</b>' in html
    for absent in ("<script", "__pwned", "javascript:", "onclick", "onmouseover",
                   "a comment", "plain twin", "PRT", "secret_code", "def "):
        assert absent not in html, absent
    assert "widget" in html  # its text/plain fallback, the view itself is dropped


def test_the_input_notebook_is_not_modified():
    notebook = new_notebook(cells=[
        new_markdown_cell("# Title <script>x</script>"),
        new_code_cell("p = 1", metadata={"tags": ["parameters"]}),
        new_code_cell("show()", outputs=[
            _display({"text/html": "<b onclick='x()'>b</b>", "text/plain": "b"}),
            _display({"text/markdown": "*m*", "text/plain": "m"}),
            _display({"image/svg+xml": HOSTILE_SVG, "text/plain": "chart"}),
            _display({"image/png": PNG}, {"image/png": {"width": 10}}),
            _display({"application/javascript": "x()"}),
        ]),
    ])
    before = copy.deepcopy(notebook)
    shared_exporter().to_html(notebook, title="t", subtitle="s", footer="f")
    assert notebook == before
    nbformat.validate(notebook)
