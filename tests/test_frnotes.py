"""Stage notebooks 00, 01, 04 and 05 entirely French: the processed data's
source notes, the objective-indicator reasons, the eligibility table and the
report's cited titles (issue 19, part frnotes)."""

from __future__ import annotations

import re
import zipfile
from html import escape as html_escape

import pandas as pd
import pytest
from conftest import FRENCH_RUN

from gcm_analysis import io, paths
from gcm_analysis.catalogue import entries
from gcm_analysis.french_lint import problems, visible_text
from gcm_analysis.funding.matching import _PROXY_SOURCE
from gcm_analysis.i18n import indicator_note
from gcm_analysis.reporting import Cited, cell_html, table_data
from gcm_analysis.reporting.mobilisation import format_country_eligibility

NNBSP = "\u202f"
#: The stage pages this part makes French.
PAGES = ("00_country_profile", "01_needs_assessment", "04_resource_mobilisation",
         "05_country_report")


def test_every_reason_of_the_mapping_has_a_current_french_translation():
    mapping = io.read_reference("objective_indicators")
    french = entries("fr")
    stale = []
    for row in mapping.itertuples(index=False):
        entry = french.get(f"needs.rationale.{row.objective_id}.{row.indicator}")
        if entry is None or entry.english != row.rationale or entry.translation is None:
            stale.append(f"{row.objective_id}.{row.indicator}: {row.rationale}")
    assert not stale, "\n".join(stale)
    assert len(mapping) == 69  # 69 reasons, one entry each


def test_our_proxies_and_their_exceptions_have_current_french_notes():
    french = entries("fr")
    for attribute, english in _PROXY_SOURCE.items():
        entry = french[f"funding.eligibility.source.{attribute}"]
        assert entry.english == english and entry.translation, attribute
    stale = []
    for row in io.read_reference("funding_country_exceptions").itertuples():
        for key, text in ((f"funding.exception.{row.iso3}.{row.attribute}", row.note),
                          (f"funding.eligibility.exception_source.{row.attribute}",
                           row.source)):
            entry = french.get(key)
            if entry is None or entry.english != text or entry.translation is None:
                stale.append(f"{key}: {text}")
    assert not stale, "\n".join(stale)


def test_every_source_note_of_the_processed_data_reads_french():
    notes = set(pd.read_csv(paths.PROCESSED_DIR / "country_indicators.csv",
                            usecols=["source"])["source"].dropna())
    untranslated = sorted(n for n in notes if indicator_note(n, "fr") == n)
    assert not untranslated, "\n".join(untranslated[:20])
    for note in notes:
        assert problems(f"<p>{cell_html(indicator_note(note, 'fr'))}</p>") == [], note
    # the numbers and codes of the note carried over, the names kept as code
    note = ("computed: refugees_asylum_seekers_hosted (UNHCR 2025) / population "
            "(WDI SP.POP.TOTL 2024) x 1000")
    assert cell_html(indicator_note(note, "fr")) == (
        f"calculé{NNBSP}: <code>refugees_asylum_seekers_hosted</code> (HCR 2025) / "
        "<code>population</code> (WDI SP.POP.TOTL 2024) × 1000")
    # a field named twice must be the same text twice
    twice = ("computed: UN DESA International Migrant Stock 2020, Table 1, "
             "(2020 - 2015) / 2010 x 100")
    assert indicator_note(twice, "fr") == twice
    assert indicator_note(note, "en") == note and indicator_note(None, "fr") is None


def test_the_lint_skips_text_marked_in_another_language():
    page = ('<html lang="fr"><body><p>Voir <cite lang="en">Guidance for <i>all</i> '
            'the Stakeholders</cite> (extrait) and</p><p lang="fr-FR">the plan</p>'
            '<div lang="en-GB"><div>Income</div>Funding gap</div>'
            '<p>fin<br lang="en">the end</p></body></html>')
    text = visible_text(page)
    assert "Guidance" not in text and "Income" not in text and "Funding" not in text
    found = problems(page)
    assert [line.split(":")[0] for line in found] == [
        "English 'and'", "English 'the'", "English 'the'"]
    assert "the plan" in found[1] and "the end" in found[2]


def test_a_cited_title_is_marked_in_html_and_in_the_table_cells():
    cited = Cited("Implementing the GCM: Guidance", "en", " (extrait <en> français)")
    assert str(cited) == "Implementing the GCM: Guidance (extrait <en> français)"
    assert cell_html(cited) == ('<cite lang="en">Implementing the GCM: Guidance'
                                "</cite> (extrait &lt;en&gt; français)")
    data = table_data(pd.DataFrame({"a": [cited, "x"]}), [False])
    assert data["rows"] == [[str(cited)], ["x"]]
    assert data["cited"] == [[["Implementing the GCM: Guidance", "en",
                               " (extrait <en> français)", ""]], [None]]
    assert "cited" not in table_data(pd.DataFrame({"a": ["x"]}), [False])


def test_the_eligibility_table_reads_french():
    table = pd.DataFrame({
        "iso3": "KEN",
        "attribute": ["income_group", "has_resident_coordinator", "is_oda_eligible",
                      "emigrants_pct_population", "remittances_received_usd"],
        "value": ["Lower middle income", "True", "False", "0.995602", "4.091e+09"],
        "basis": ["World Bank FY2023", "proxy", "", "2020", "2022"],
        "status": ["verified", "unverified", "unverified", "verified", "verified"],
        "source": ["data/processed/countries.csv (wb_income_group)",
                   _PROXY_SOURCE["has_resident_coordinator"],
                   _PROXY_SOURCE["is_oda_eligible"],
                   "data/processed/country_indicators.csv", "elsewhere"]})
    shown = format_country_eligibility(
        table, "fr", {"emigrants_pct_population": "Émigrés en % de la population"})
    assert shown.iloc[:, 0].tolist()[3] == "Émigrés en % de la population"
    assert shown.iloc[:, 1].tolist() == [
        "Revenu intermédiaire, tranche inférieure", "oui", "non", f"1,0{NNBSP}%",
        "4,1\u00a0milliards\u00a0USD"]
    assert shown.iloc[:, 2].tolist()[:3] == ["Banque mondiale, exercice 2023",
                                             "proxy", ""]
    assert shown.iloc[:, 3].tolist()[:2] == ["vérifié", "non vérifié"]
    sources = shown.iloc[:, 4].tolist()
    assert sources[0] == "`data/processed/countries.csv` (`wb_income_group`)"
    assert "`funding_country_exceptions.csv`" in sources[1]
    assert sources[1].startswith("Approximation du GCM Workbook")
    assert sources[4] == "elsewhere"  # a note of the user's: as written
    html = "".join(f"<p>{cell_html(v)}</p>" for v in shown.to_numpy().ravel())
    assert problems(html) == []
    english = format_country_eligibility(table, "en")
    assert english.iloc[0].tolist()[:4] == ["World Bank income group",
                                            "Lower middle income",
                                            "World Bank FY2023", "verified"]
    assert english.iloc[1, 4].startswith("GCM Workbook proxy (ours)")


@pytest.mark.slow
@pytest.mark.xdist_group("chain")
def test_the_french_stage_pages_read_french(chain_runs):
    iso3 = FRENCH_RUN
    root, _results = chain_runs
    folder = root / iso3 / "r"
    titles = tuple(io.read_reference("data_sources")["dataset"].astype(str))
    found = []
    for page in PAGES:
        html = (folder / f"{page}.html").read_text(encoding="utf-8")
        found += [f"{page}: {line}" for line in problems(html, allowed=titles)]
    assert not found, "\n".join(found[:40])
    report = (folder / "05_country_report.html").read_text(encoding="utf-8")
    assert '<cite lang="en">World Development Indicators</cite>' in report
    profile = (folder / "00_country_profile.html").read_text(encoding="utf-8")
    assert ('DAES de l\'ONU, <cite lang="en">International Migrant Stock 2020'
            "</cite>, tableau 1") in profile
    needs = (folder / "01_needs_assessment.html").read_text(encoding="utf-8")
    assert "<code>remittances_paid_usd</code>" in needs
    assert "Une forte émigration appelle des partenariats" in needs
    # the charts' texts (axis labels, ticks, legends) too
    svg_texts = [text for page in PAGES
                 for text in _chart_texts(folder / f"{page}.ipynb")]
    assert len(svg_texts) > 100
    found = [f"{text!r}: {line}" for text in svg_texts
             for line in problems(f"<p>{html_escape(text)}</p>")]
    assert not found, "\n".join(found[:40])
    # the editable report marks the cited titles English
    with zipfile.ZipFile(folder / "report.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert re.search(r'<w:lang w:val="en-GB"/></w:rPr><w:t>World Development '
                     r"Indicators</w:t>", body)


def _chart_texts(notebook) -> list[str]:
    """The texts of the SVG charts an executed notebook shows."""
    import json
    from html import unescape

    texts = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            svg = output.get("data", {}).get("image/svg+xml")
            if svg:
                svg = "".join(svg) if isinstance(svg, list) else svg
                texts += [unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in
                          re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]
    return [text for text in texts if text]
