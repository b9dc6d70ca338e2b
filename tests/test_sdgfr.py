"""SDG targets in French (issue 19, part sdgfr): the UN's French words of the 169
targets, built from the raw copy with its source, shown by the French notebook 02."""

from __future__ import annotations

import html
import unicodedata

import pandas as pd
import pytest
from conftest import FRENCH_RUN

from gcm_analysis import databuild, io, paths, rawdata, reference
from gcm_analysis.reporting import needs_tables


@pytest.fixture(scope="module")
def built() -> pd.DataFrame:
    return databuild.build_sdg_targets(rawdata.load_raw_sdg_targets("en"),
                                       rawdata.load_raw_sdg_targets("fr"))


def test_the_build_reproduces_sdg_targets_csv_byte_for_byte(built):
    path = databuild.built_table_path("sdg_targets")
    assert path == paths.reference_file("sdg_targets")
    assert path.read_bytes() == io.csv_text(built).encode("utf-8"), (
        "data/reference/sdg_targets.csv differs from a rebuild of data/raw/un_sdg; "
        "run `gcm data build`")
    assert list(built.columns) == list(databuild.SDG_TARGET_COLUMNS)


def test_the_data_build_writes_and_checks_it_with_the_processed_tables():
    assert "sdg_targets" in databuild.REFERENCE_TABLES
    assert databuild.built_table_path("countries") == paths.processed_file("countries")


def test_every_target_has_a_french_title_or_is_flagged():
    targets = reference.sdg_targets()
    assert len(targets) == 169
    french = targets["title_fr"].fillna("")
    has_french = french.str.strip() != ""
    # with French: a status of a cited source; without: flagged, never filled in by us
    assert set(targets.loc[has_french, "title_fr_status"]) <= {"verified", "partial"}
    assert (targets.loc[~has_french, "title_fr_status"] == "unverified").all()
    assert set(targets["title_fr_status"]) <= set(reference.STATUS_VALUES)
    assert targets["source"].str.contains("global_targets.yml").all()
    assert has_french.sum() == 169  # the copy has all of them (PROVENANCE.md)
    words = targets.set_index("sdg_target")["title_fr"]
    assert words["10.7"] == (
        "Faciliter la migration et la mobilité de façon ordonnée, sûre, régulière "
        "et responsable, notamment par la mise en œuvre de politiques migratoires "
        "planifiées et bien gérées")
    assert words["10.c"].startswith("D’ici à 2030, faire baisser au-dessous de 3 pour "
                                    "cent les coûts de transaction des envois de fonds")


def test_the_words_are_repaired_only_in_their_typography(built):
    """The copy is NFKD with U+2010 hyphens and plain spaces inside « »: the build
    writes NFC, '-' and no-break spaces there; the words themselves are the copy's."""
    raw = rawdata.load_raw_sdg_targets("fr")
    assert any(unicodedata.normalize("NFC", t) != t for t in raw["text"])
    for column in ("title_en", "title_fr"):
        for text in built[column]:
            assert unicodedata.normalize("NFC", text) == text
            assert "\u2010" not in text and text == text.strip()
    repaired = [unicodedata.normalize("NFC", t).replace("\u2010", "-")
                .replace("« ", "«\u00a0").replace(" »", "\u00a0»") for t in raw["text"]]
    assert sorted(repaired) == sorted(built["title_fr"])
    words = built.set_index("sdg_target")["title_fr"]
    assert words["1.1"].endswith("1,25 dollar des États-Unis par jour)")
    assert words["14.c"].endswith("paragraphe 158 de «\u00a0L’avenir que nous "
                                  "voulons\u00a0»")


def test_the_raw_reader_folds_lines_and_refuses_other_yaml(tmp_path):
    folder = tmp_path / "un_sdg"
    folder.mkdir()
    target = folder / "global_targets_fr_open-sdg_sdg-translations.yml"
    target.write_text("1-1-title: D’ici à 2030, éliminer\n  complètement\n"
                      "10-c-title: Faire baisser\n", encoding="utf-8")
    table = rawdata.load_raw_sdg_targets("fr", tmp_path)
    assert table.to_dict("list") == {
        "key": ["1-1-title", "10-c-title"],
        "text": ["D’ici à 2030, éliminer complètement", "Faire baisser"]}
    for bad, line in (("1-1-title: 'quoted'\n", 1), ("1-1-title: a\n1-1-title: b\n", 2),
                      ("1-1:\n  title: nested\n", 1), ("1-1-title: a\n  b: c\n", 2),
                      ("# comment\n", 1)):
        target.write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError, match=rf"global_targets_fr.*line {line}"):
            rawdata.load_raw_sdg_targets("fr", tmp_path)


def test_the_build_refuses_a_copy_that_is_not_the_169_targets(built):
    en = rawdata.load_raw_sdg_targets("en")
    with pytest.raises(ValueError, match="168 titles"):
        databuild.build_sdg_targets(en.iloc[1:], en)
    extra = pd.DataFrame({"key": ["18-1-title"], "text": ["x"]})
    with pytest.raises(ValueError, match=r"not in the English copy: \['18.1'\]"):
        databuild.build_sdg_targets(en, pd.concat([en, extra]))
    # a target the French copy lacks: empty, flagged, never invented
    partial = databuild.build_sdg_targets(en, en.iloc[1:]).set_index("sdg_target")
    assert partial.at["1.1", "title_fr"] == ""
    assert partial.at["1.1", "title_fr_status"] == "unverified"


def test_the_french_sdg_table_shows_the_french_words_and_says_when_it_cannot(
        monkeypatch):
    summary = pd.DataFrame({"sdg_target": ["10.7", "10.c"],
                            "objective_ids": ["5", "20"], "n_objectives": [1, 1],
                            "is_our_derivation": [True, False]})
    words = reference.sdg_targets().set_index("sdg_target")
    french = needs_tables.format_sdg_table(summary, lang="fr")
    assert french.iloc[:, 1].tolist() == [words.at["10.7", "title_fr"],
                                          words.at["10.c", "title_fr"]]
    assert french.columns[1] == "Cible (texte de l'ONU)"
    english = needs_tables.format_sdg_table(summary, lang="en")
    assert english.iloc[:, 1].tolist() == [words.at["10.7", "title_en"],
                                           words.at["10.c", "title_en"]]
    table = reference.sdg_targets()
    table.loc[table["sdg_target"] == "10.7", "title_fr"] = float("nan")
    monkeypatch.setattr(reference, "sdg_targets", lambda: table)
    shown = needs_tables.format_sdg_table(summary, lang="fr").iloc[0, 1]
    assert shown.startswith(words.at["10.7", "title_en"])
    assert "texte anglais\u202f: la source ne donne pas le texte français" in shown


@pytest.mark.slow
@pytest.mark.xdist_group("chain")
def test_the_french_objective_selection_page_reads_as_french(chain_runs):
    from gcm_analysis import selection
    from gcm_analysis.french_lint import problems

    iso3 = FRENCH_RUN
    root, _results = chain_runs
    run = root / iso3 / "r"
    page = (run / "02_objective_selection.html").read_text(encoding="utf-8")
    found = problems(page)
    assert not found, "\n".join(found[:40])
    chosen = pd.read_csv(run / "selection.csv")
    shown = selection.summarise_sdg_targets(chosen, reference.sdg_links())
    assert len(shown) > 0
    words = reference.sdg_targets().set_index("sdg_target")
    for target in shown["sdg_target"].astype(str):
        assert html.escape(words.at[target, "title_fr"], quote=False) in page, target
        assert html.escape(words.at[target, "title_en"], quote=False) not in page
    assert "Coût indicatif (en millions\u00a0USD)" in html.unescape(page)
