"""report.docx reopened by an office suite: LibreOffice converts the session's
French (KEN) and English (PRT) reports to PDF and saves them again as DOCX; the
headings, tables, figures, language, font and words must survive.

Skipped when LibreOffice is absent (Debian: ``apt-get install
libreoffice-writer-nogui``; ``.ci/run`` installs it when it can)."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections import Counter

import pytest

#: The session's runs whose report is reopened: (run, language).
REPORTS = {"KEN": "fr", "PRT": "en"}
WORD_LANGUAGES = {"fr": "fr-FR", "en": "en-GB"}


@pytest.fixture(scope="module")
def reopened(request, tmp_path_factory):
    """{run: (original docx, PDF, DOCX as LibreOffice saves it)}, converted by
    two soffice calls (one per format, both reports each)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here (apt-get install "
                    "libreoffice-writer-nogui): report.docx is not reopened")
    _, results = request.getfixturevalue("chain_runs")  # only when it is needed
    work = tmp_path_factory.mktemp("office")
    sources = []
    for iso3 in REPORTS:
        source = work / f"{iso3}.docx"
        shutil.copyfile(results[iso3].run_dir / "report.docx", source)
        sources.append(str(source))
    started = time.perf_counter()
    for target, folder in (("pdf", work), ("docx:MS Word 2007 XML", work / "saved")):
        done = subprocess.run(
            [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
             "--headless", "--norestore", "--convert-to", target,
             "--outdir", str(folder), *sources],
            capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
    print(f"LibreOffice converted {len(sources)} reports twice in "
          f"{time.perf_counter() - started:.1f} s")
    return {iso3: (work / f"{iso3}.docx", work / f"{iso3}.pdf",
                   work / "saved" / f"{iso3}.docx") for iso3 in REPORTS}


def _docx_text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows
             for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


@pytest.mark.parametrize("iso3", list(REPORTS))
def test_the_office_suite_prints_every_heading_table_and_figure_whole(
        reopened, iso3):
    import docx
    import pypdf

    original, pdf_path, _ = reopened[iso3]
    document = docx.Document(str(original))
    pdf = pypdf.PdfReader(str(pdf_path))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    flat = re.sub(r"\s+", "", text)
    headings = _headings(document)
    assert len(headings) >= 8
    missing = [h for h in headings if re.sub(r"\s+", "", h) not in flat]
    assert missing == [], missing
    headers = [cell.text for table in document.tables for cell in table.rows[0].cells]
    assert len(document.tables) >= 8
    absent = [h for h in headers if re.sub(r"\s+", "", h) not in flat]
    assert absent == [], absent
    # no word of a table cut at a column's edge ("814 644 U / SD", "millio / ns
    # USD", "don / e", "M0 / 1"): each is printed as often as the document has it
    printed = Counter(re.findall(r"\w+", text))
    written = Counter(re.findall(r"\w+", _docx_text(document)))
    words = {word for table in document.tables for row in table.rows
             for cell in row.cells for word in re.findall(r"\w{3,}", cell.text)}
    cut = sorted(word for word in words if printed[word] < written[word])
    assert cut == [], cut
    images = sum(1 for page in pdf.pages
                 for item in (page["/Resources"].get("/XObject") or {}).values()
                 if item.get_object().get("/Subtype") == "/Image")
    assert len(document.inline_shapes) >= 4 and images >= len(document.inline_shapes)
    assert pdf.metadata.title == document.core_properties.title
    assert pdf.trailer["/Root"].get("/Lang") == WORD_LANGUAGES[REPORTS[iso3]]
    fonts = {str(font.get_object().get("/BaseFont")) for page in pdf.pages
             for font in (page["/Resources"].get("/Font") or {}).values()}
    assert not [f for f in fonts if "Serif" in f], fonts  # one sans font
    width = pdf.pages[0].mediabox.width
    assert 590 < float(width) < 600  # A4 portrait, points


@pytest.mark.parametrize("iso3", list(REPORTS))
def test_the_office_suite_saves_it_again_with_the_same_parts_and_language(
        reopened, iso3):
    import docx
    from docx.oxml.ns import qn

    original, _, saved = reopened[iso3]
    before, after = docx.Document(str(original)), docx.Document(str(saved))
    assert _headings(after) == _headings(before)
    assert [len(t.columns) for t in after.tables] == [
        len(t.columns) for t in before.tables]
    assert [[c.text for c in t.rows[0].cells] for t in after.tables] == [
        [c.text for c in t.rows[0].cells] for t in before.tables]
    def figures(document):  # (text alternative, fits between the margins)
        return [(shape._inline.docPr.get("descr"), shape.width.cm <= 17.0)  # noqa: SLF001
                for shape in document.inline_shapes]

    assert figures(after) == figures(before)
    assert all(alt and fits for alt, fits in figures(after))
    tag = WORD_LANGUAGES[REPORTS[iso3]]
    languages = {e.get(qn("w:val")) for e in after.styles.element.iter(qn("w:lang"))}
    assert languages == {tag}, languages
    assert after.core_properties.language == tag
    twips_per_cm = 1440 / 2.54
    for table in after.tables:  # nothing wider than the text between margins
        grid = sum(int(col.get(qn("w:w")))
                   for col in table._tbl.tblGrid.iter(qn("w:gridCol")))  # noqa: SLF001
        assert grid / twips_per_cm <= 17.05


def test_columns_fit_their_longest_word_and_fill_the_text_width():
    """Without an office suite: the widths report.docx gives its tables."""
    from gcm_analysis.docx_report import TABLE_POINTS, _cm, column_widths

    money = "2,0\u00a0millions\u00a0USD"  # French: one word unless relaxed
    wide = [["Objectif", "Coût", "Engagé (acquis + annoncé)", "Déficit",
             "Déficit ajusté du risque", "Couverture attendue", "2027", "2028",
             "2029"],
            ["10 · Éradiquer la traite de personnes", money, "0\u00a0USD", money,
             money, "0\u202f%", "690\u202f946\u00a0USD", "672\u202f166\u00a0USD",
             "672\u202f166\u00a0USD"]]
    points, widths, relax = column_widths(wide, 17.0)
    assert relax and points in TABLE_POINTS[1:]  # too wide with joined amounts
    assert sum(widths) == pytest.approx(17.0)
    assert widths[5] >= _cm(len("Couverture"), points)  # header word whole
    assert min(widths[6:]) >= _cm(len("690\u202f946"), points)  # number whole
    narrow = [["Mesure", "Valeur"], ["Coût total", "11,8\u00a0millions\u00a0USD"]]
    points, widths, relax = column_widths(narrow, 17.0)
    assert (points, relax) == (TABLE_POINTS[0], False)  # kept together
    assert sum(widths) == pytest.approx(17.0) and widths[1] >= _cm(17, points)
