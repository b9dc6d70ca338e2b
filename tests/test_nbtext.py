"""The stage notebooks' prose in the run's language (gcm_analysis.nbtext)."""

from __future__ import annotations

import logging
import re

import nbformat
import pytest

from gcm_analysis import nbtext
from gcm_analysis.runner import PIPELINE, notebook_path, stage_source
from gcm_analysis.teaching.render import LESSON_NOTEBOOKS

#: the notebooks translated through the catalogue: the stages and the comparison
TRANSLATED = [*PIPELINE, "compare_countries"]


def _read(name: str):
    return nbformat.read(notebook_path(name), as_version=4)


def _translation_file() -> dict:
    return nbtext.translations("fr")


@pytest.mark.parametrize("name", TRANSLATED)
def test_every_markdown_cell_has_an_up_to_date_french_translation(name):
    missing = nbtext.untranslated(_read(name), name, "fr")
    assert not missing, (
        f"{name}: Markdown cell(s) {missing} changed or are new; run "
        "`python3 tasks.py i18n-update`, then translate the fuzzy entries in "
        "gcm_analysis/locales/fr/LC_MESSAGES/gcm.po")


def test_no_translation_is_left_over_from_a_removed_cell():
    cells = {f"{name}/{cell.get('id')}" for name in TRANSLATED
             for cell in _read(name).cells if cell.cell_type == "markdown"}
    # the teaching lessons' cells (same mechanism) are checked in test_teaching_text
    lessons = tuple(f"{stem}/" for stem in LESSON_NOTEBOOKS.values())
    stage_keys = {k for k in _translation_file() if not k.startswith(lessons)}
    assert stage_keys <= cells


def _headings(text: str) -> list[str]:
    return [line.split(" ", 1)[0] for line in text.splitlines()
            if re.match(r"#+ ", line)]


def _code_spans(text: str) -> list[str]:
    return sorted(re.findall(r"`[^`]+`", text))


@pytest.mark.parametrize("name", TRANSLATED)
def test_translations_keep_headings_and_code_spans(name):
    table = _translation_file()
    for cell in _read(name).cells:
        key = f"{name}/{cell.get('id')}"
        if cell.cell_type != "markdown" or key not in table:
            continue
        french = table[key]["text"]
        assert french.strip() and french != cell.source, key
        assert _headings(french) == _headings(cell.source), key
        assert _code_spans(french) == _code_spans(cell.source), key


def test_french_stage_notebook_changes_prose_only():
    name = "01_needs_assessment"
    english, french = stage_source(name, "en"), stage_source(name, "fr")
    original = _read(name)
    assert [c.source for c in english.cells] == [c.source for c in original.cells]
    assert len(french.cells) == len(original.cells)
    for before, after in zip(original.cells, french.cells, strict=True):
        assert before.cell_type == after.cell_type
        if before.cell_type == "code":
            assert after.source == before.source
            assert after.metadata == before.metadata
        else:
            assert after.source != before.source
    assert french.cells[0].source.startswith("# 01 · ")
    assert french.metadata["gcm_workbook"] == {"notebook": f"{name}.ipynb",
                                               "lang": "fr"}
    # each call gives a new object: a run may change it freely
    french.cells[0].source = "changed"
    assert stage_source(name, "fr").cells[0].source != "changed"


def test_outdated_translation_keeps_the_english_cell(caplog):
    name = "02_objective_selection"
    notebook = _read(name)
    edited = next(c for c in notebook.cells if c.cell_type == "markdown")
    edited.source += "\n\nA sentence added after the translation was made."
    with caplog.at_level(logging.WARNING, logger="gcm_analysis.nbtext"):
        left = nbtext.localise(notebook, name, "fr")
    assert left == [str(edited.get("id"))]
    assert edited.source.endswith("after the translation was made.")
    assert str(edited.get("id")) in caplog.text
    others = [c for c in notebook.cells
              if c.cell_type == "markdown" and c is not edited]
    table = nbtext.translations("fr")
    assert all(c.source == table[f"{name}/{c.get('id')}"]["text"] for c in others)


def test_english_and_unknown_notebooks_are_left_alone():
    notebook = _read("00_country_profile")
    sources = [c.source for c in notebook.cells]
    assert nbtext.localise(notebook, "00_country_profile", "en") == []
    assert nbtext.localise(notebook, "not_a_stage", "fr")  # all left in English
    assert [c.source for c in notebook.cells] == sources


def test_source_digest_is_stable():
    assert nbtext.source_digest("a") == "ca978112ca1bbdca"  # sha256("a")[:16]
    assert nbtext.source_digest("a") != nbtext.source_digest("b")


@pytest.mark.parametrize("name", TRANSLATED)
def test_the_french_stage_notebooks_are_what_the_catalogue_gives(name):
    """notebooks/fr/ is generated (python3 tasks.py french-notebooks): a
    translation changed in the catalogue without regenerating is caught."""
    committed = (nbtext.french_dir() / f"{name}.ipynb").read_text(encoding="utf-8")
    assert committed == nbtext.french_stage_notebook_text(name), (
        f"notebooks/fr/{name}.ipynb is out of step: run "
        "python3 tasks.py french-notebooks")
    notebook = nbformat.reads(committed, as_version=4)
    parameters = [c for c in notebook.cells
                  if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    if name in ("00_country_profile", "compare_countries"):
        assert 'lang: str = "fr"' in parameters[0].source
    english = _read(name)
    assert [c.source for c in notebook.cells if c.cell_type == "code"] == [
        c.source.replace('lang: str = "en"', 'lang: str = "fr"')
        for c in english.cells if c.cell_type == "code"]
    assert not any(c.get("outputs") for c in notebook.cells)
    assert notebook.metadata["gcm_workbook"]["lang"] == "fr"
