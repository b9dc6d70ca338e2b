"""The report as published: on a wide screen, on a phone, printed, and as DOCX.

Reads the session's full-chain runs (tests/conftest.py: PRT in English with its
plan, KEN in French, PHL in English with a starter plan); nothing runs a chain.
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from conftest import CHAIN_RUNS

from gcm_analysis import reference
from gcm_analysis.pdf import chromium_path

pytestmark = pytest.mark.xdist_group("chain")

#: A4 portrait less the PDF's side margins (12 mm each), in CSS pixels.
A4_PRINT_WIDTH_PX = round((210 - 24) / 25.4 * 96)

#: Elements wider than the viewport that are not inside a scroll container, the
#: document's width, and numeric cells whose text takes more than one line.
_LAYOUT = """() => {
  const vw = document.documentElement.clientWidth;
  const inScroller = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a).overflowX;
      if ((s === 'auto' || s === 'scroll') && a.getBoundingClientRect().right <= vw + 1)
        return true;
    }
    return false;
  };
  const over = [...document.body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > vw + 1 && !inScroller(e);
  }).map(e => e.tagName + '.' + e.className);
  const lines = el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map(r => Math.round(r.bottom))).size;
  };
  const wrapped = [...document.querySelectorAll('td.num, td.fig')]
    .filter(td => td.textContent.trim() && lines(td) > 1).map(td => td.textContent);
  const tables = [...document.querySelectorAll('table')].map(
    t => Math.round(t.getBoundingClientRect().right));
  return {vw, scrollWidth: document.documentElement.scrollWidth, over, wrapped,
          tables, images: [...document.images].filter(i => i.naturalWidth > 0).length};
}"""


@pytest.fixture(scope="module")
def runs(chain_runs):
    root, results = chain_runs
    for iso3, result in results.items():
        assert result.status == "ok", (iso3, result.error)
    return root


def _layouts(pages: list[Path]) -> dict[tuple[str, str], dict]:
    from playwright.sync_api import sync_playwright

    from gcm_analysis.pdf import CHROMIUM_FLAGS

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS, headless=True)
        try:
            for width, media in ((1280, "screen"), (390, "screen"),
                                 (A4_PRINT_WIDTH_PX, "print")):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.emulate_media(media=media)
                for path in pages:
                    page.goto(path.as_uri(), wait_until="load")
                    found[(path.parent.parent.name, f"{media}-{width}")] = \
                        page.evaluate(_LAYOUT)
                page.close()
        finally:
            browser.close()
    return found


@pytest.mark.slow
def test_report_fits_a_wide_screen_a_phone_and_a4_paper(runs):
    if chromium_path() is None:
        pytest.skip("Chromium is not installed here (apt-get install chromium)")
    pages = [runs / iso3 / "r" / "report.html" for iso3 in ("PRT", "KEN")]
    # a thread of its own: a run's PDF printer may hold this thread's playwright
    with ThreadPoolExecutor(1) as pool:
        layouts = pool.submit(_layouts, pages).result()
    for (iso3, view), layout in layouts.items():
        where = f"{iso3} {view}"
        assert layout["scrollWidth"] <= layout["vw"], where  # the page never scrolls
        assert layout["over"] == [], where  # only inside scroll containers
        assert layout["wrapped"] == [], where  # "645 / 542 / USD" never again
        assert layout["images"] >= 4, where
        if view.startswith("print"):  # every table fits the printed page
            assert max(layout["tables"]) <= layout["vw"] + 1, where


def _svg_texts(report_html: str) -> dict[str, str]:
    """Each figure of a report: its alt text -> the words of its SVG, in order."""
    figures = {}
    for data, alt in re.findall(
            r'src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', report_html):
        svg = base64.b64decode(data).decode("utf-8")
        words = " ".join(html.unescape(t) for t in re.findall(r">([^<>]+)</text>",
                                                               svg))
        figures[html.unescape(alt)] = re.sub(r"\s+", " ", words)
    return figures


@pytest.mark.slow
def test_chart_legends_name_every_objective_in_full(runs):
    for iso3 in ("PRT", "KEN"):
        lang = CHAIN_RUNS[iso3]["lang"]
        run_dir = runs / iso3 / "r"
        figures = _svg_texts((run_dir / "report.html").read_text(encoding="utf-8"))
        assert len(figures) >= 4, iso3
        for alt, words in figures.items():
            assert "[...]" not in words and "…" not in words, (iso3, alt)
        budget = next(words for alt, words in figures.items()
                      if alt.startswith(("Budget by year", "Budget par année")))
        costed = pd.read_csv(run_dir / "budget_by_objective_year.csv")
        titles = reference.objective_titles(lang, short=True)
        for objective_id in sorted(set(costed["objective_id"])):
            label = f"{objective_id}. {titles[objective_id]}"
            assert label in budget, (iso3, label)


def _heading_texts(report_html: str) -> set[str]:
    headings = re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", report_html, re.S)
    return {unicodedata.normalize("NFKC", html.unescape(re.sub(r"<[^>]+>", "", h)))
            .replace("¶", "").strip() for h in headings}


@pytest.mark.slow
def test_printed_report_never_ends_a_page_with_a_heading(runs):
    if chromium_path() is None:
        pytest.skip("Chromium is not installed here (apt-get install chromium)")
    from pypdf import PdfReader

    for iso3 in ("PRT", "KEN", "PHL"):
        run_dir = runs / iso3 / "r"
        headings = _heading_texts((run_dir / "report.html").read_text("utf-8"))
        assert {"Executive summary", "Résumé"} & headings, iso3
        reader = PdfReader(run_dir / "report.pdf")
        assert 5 <= len(reader.pages) <= 16, (iso3, len(reader.pages))
        for number, page in enumerate(reader.pages, start=1):
            lines = [unicodedata.normalize("NFKC", line).strip()
                     for line in page.extract_text().splitlines()]
            body = [line for line in lines if line
                    and not re.match(r"GCM Workbook \S+ · ", line)]  # the footer
            assert body and body[-1] not in headings, (iso3, number, body[-1:])


def test_pdf_metadata_is_the_report_title_and_language(tmp_path):
    if chromium_path() is None:
        pytest.skip("Chromium is not installed here (apt-get install chromium)")
    pytest.importorskip("playwright")
    import io

    import nbformat
    from pypdf import PdfReader

    from gcm_analysis.export import ReportExporter
    from gcm_analysis.pdf import PdfPrinter

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# Mise en œuvre du Pacte\n\nUn paragraphe.")])
    page = ReportExporter().to_html(notebook, title="Mise en œuvre du Pacte : Kenya",
                                    subtitle="Kenya", footer="f", lang="fr")
    assert '<html lang="fr">' in page
    assert "<title>Mise en œuvre du Pacte : Kenya</title>" in page
    with ThreadPoolExecutor(1) as pool:
        def _print() -> bytes:
            printer = PdfPrinter()
            try:
                return printer.to_pdf(page)
            finally:
                printer.close()
        document = pool.submit(_print).result()
    reader = PdfReader(io.BytesIO(document))
    assert reader.metadata.title == "Mise en œuvre du Pacte : Kenya"
    assert reader.trailer["/Root"]["/Lang"] == "fr"  # tagged PDF, in French
    assert [item.title for item in reader.outline] == ["Mise en œuvre du Pacte"]


@pytest.mark.slow
def test_docx_has_the_reports_sections_tables_and_figures(runs):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for iso3, summary, total_word in (("PRT", "Executive summary", "Total"),
                                      ("KEN", "Résumé", "Total")):
        run_dir = runs / iso3 / "r"
        lang = CHAIN_RUNS[iso3]["lang"]
        report_html = (run_dir / "report.html").read_text(encoding="utf-8")
        document = Document(str(run_dir / "report.docx"))
        headings = [p.text for p in document.paragraphs
                    if p.style.name.startswith("Heading")]
        # compared as NFKC, as _heading_texts reads the HTML (U+202F is a space)
        assert {unicodedata.normalize("NFKC", h) for h in headings} == (
            _heading_texts(report_html)), iso3  # same sections
        assert headings[0] == document.core_properties.title  # the report's title
        assert summary in headings, iso3
        assert document.core_properties.language == {"en": "en-GB",
                                                      "fr": "fr-FR"}[lang]
        # as many figures as the HTML report, as PNG pictures
        assert len(document.inline_shapes) == report_html.count("<img ") >= 4, iso3
        assert len(document.tables) == report_html.count("<table") >= 8, iso3
        # the budget table: its header row as in HTML, its total the run's total
        budget = next(t for t in document.tables
                      if any(total_word == c.text for c in t.columns[0].cells))
        header = [c.text for c in budget.rows[0].cells]
        assert all(f">{html.escape(h)}</th>" in report_html.replace(
            '<span class="gcm-nobr">', "").replace("</span>", "")
            for h in header), header
        total_row = next(r for r in budget.rows if r.cells[0].text == total_word)
        digits = re.sub(r"\D", "", total_row.cells[1].text)
        summary_table = pd.read_csv(run_dir / "budget_summary.csv").set_index(
            "component")
        assert int(digits) == round(summary_table.at["total", "amount_constant"])
        # numbers right-aligned, text left
        assert total_row.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert total_row.cells[0].paragraphs[0].alignment is None
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Traceback" not in text and "import " not in text


def test_docx_from_a_small_notebook_keeps_text_as_text(caplog):
    """Headings, bold words, entities and markup typed into a plan become plain
    Word text; a table keeps its header, alignment and shading; a PNG is a
    picture with its alt text; an output it cannot place is named in the log."""
    import io

    import matplotlib.figure
    import nbformat
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from gcm_analysis.docx_report import report_docx
    from gcm_analysis.reporting import TABLE_MIMETYPE, figure_png, table_data

    fig = matplotlib.figure.Figure(figsize=(3, 2))
    fig.subplots().plot([1, 2])
    table = pd.DataFrame({"Objective": ["1. Data", "Total"], "Cost (USD)": ["5", "5"]})
    cell = nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("display_data", {"text/markdown":
            "## Budget & plan\n\n**Needs.** A &amp; B <script>x()</script>\n\n- one"}),
        nbformat.v4.new_output("display_data", {
            "text/html": "<table></table>",
            TABLE_MIMETYPE: table_data(table, [False, True],
                                       shading=pd.DataFrame([["", "red"], ["", ""]]))}),
        nbformat.v4.new_output("display_data", {
            "image/png": base64.b64encode(figure_png(fig)).decode(),
            "text/plain": "Budget by year"}),
        nbformat.v4.new_output("display_data", {"text/html": "<p>styled</p>"}),
    ])
    hidden = nbformat.v4.new_code_cell(metadata={"tags": ["parameters"]}, outputs=[
        nbformat.v4.new_output("display_data", {"text/markdown": "# secret"})])
    notebook = nbformat.v4.new_notebook(cells=[hidden, cell])
    document = Document(io.BytesIO(report_docx(notebook, title="T", footer="F",
                                               lang="fr")))
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert texts[0] == ("Heading 2", "Budget & plan")
    assert ("Normal", "Needs. A & B <script>x()</script>") in texts
    assert ("List Bullet", "one") in texts and "secret" not in str(texts)
    assert document.paragraphs[1].runs[0].bold  # "Needs." in bold
    [docx_table] = document.tables
    assert [c.text for c in docx_table.rows[0].cells] == ["Objective", "Cost (USD)"]
    assert docx_table.rows[2].cells[1].paragraphs[0].alignment == \
        WD_ALIGN_PARAGRAPH.RIGHT
    assert 'w:fill="F4C7C3"' in docx_table.rows[1].cells[1]._tc.xml  # red
    assert "F4C7C3" not in docx_table.rows[1].cells[0]._tc.xml
    assert len(document.inline_shapes) == 1
    assert 'descr="Budget by year"' in document.inline_shapes[0]._inline.xml
    assert document.core_properties.language == "fr-FR"
    assert "an HTML output without its table cells" in caplog.text
