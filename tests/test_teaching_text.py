"""Teaching: the lessons' prose in their notebooks, in English and French, and
answers read the way participants write numbers.

The prose is in the lesson notebooks' Markdown cells; French comes from
``gcm_analysis/locales/notebooks.fr.json`` (keyed by cell id, with the hash of
the English it translates) and is written out to ``notebooks/teaching/fr/``.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from gcm_analysis import nbtext, paths, teaching
from gcm_analysis.teaching import facts, render
from gcm_analysis.teaching import scenario as s
from gcm_analysis.teaching.answers import Unreadable, read_number

STEMS = list(render.LESSON_NOTEBOOKS.values())


def _read(stem):
    return nbformat.read(paths.TEACHING_DIR / f"{stem}.ipynb", as_version=4)


def _french():
    return nbtext.translations("fr")


# ------------------------------------------------------- prose in notebooks
@pytest.mark.parametrize("stem", STEMS)
def test_a_lesson_reads_as_a_lesson_before_it_runs(stem):
    notebook = _read(stem)
    markdown = [c for c in notebook.cells if c.cell_type == "markdown"]
    assert len(markdown) >= 15
    assert markdown[1].source.startswith("# Lesson ")
    assert not any("show_text" in c.source for c in notebook.cells)


@pytest.mark.parametrize("stem", STEMS)
def test_every_lesson_cell_has_an_up_to_date_french_translation(stem):
    missing = nbtext.untranslated(_read(stem), stem, "fr")
    assert not missing, (
        f"{stem}: Markdown cell(s) {missing} changed or are new; run "
        "`python3 tasks.py i18n-update`, translate the fuzzy entries in "
        "gcm_analysis/locales/fr/LC_MESSAGES/gcm.po, then run "
        "`python3 tasks.py lesson-notebooks`")


def test_an_english_edit_without_its_translation_is_caught():
    notebook = _read(STEMS[1])
    cell = next(c for c in notebook.cells if c.cell_type == "markdown"
                and "### Exercise 2.1" in c.source)
    cell.source = cell.source.replace("mediators", "cultural mediators")
    assert nbtext.untranslated(notebook, STEMS[1], "fr") == [cell.id]


def test_no_lesson_translation_is_left_over_from_a_removed_cell():
    cells = {f"{stem}/{c.id}" for stem in STEMS for c in _read(stem).cells
             if c.cell_type == "markdown"}
    lesson_keys = {k for k in _french() if k.split("/")[0] in STEMS}
    assert lesson_keys <= cells


def _headings(text):
    return [line.split(" ", 1)[0] for line in text.splitlines()
            if re.match(r"#+ ", line)]


@pytest.mark.parametrize("stem", STEMS)
def test_french_cells_keep_the_headings_and_exercise_numbers(stem):
    table = _french()
    for cell in _read(stem).cells:
        if cell.cell_type != "markdown":
            continue
        french = table[f"{stem}/{cell.id}"]["text"]
        assert _headings(french) == _headings(cell.source), cell.id
        assert re.findall(r"Exercise (\d\.\d)", cell.source) == re.findall(
            r"Exercice (\d\.\d)", french), cell.id


@pytest.mark.parametrize("number", teaching.LESSONS)
def test_the_french_lesson_notebooks_are_in_step_with_the_catalogue(number):
    path = render.FRENCH_DIR / f"{render.LESSON_NOTEBOOKS[number]}.ipynb"
    assert path.read_text(encoding="utf-8") == render.french_notebook_text(number), (
        f"{path} is out of date: run `python3 tasks.py lesson-notebooks`")


def test_the_french_notebook_runs_in_french_by_default():
    notebook = render.french_notebook(2)
    parameters = next(c for c in notebook.cells
                      if "parameters" in c.metadata.get("tags", []))
    assert 'lang: str = "fr"' in parameters.source
    markdown = [c for c in notebook.cells if c.cell_type == "markdown"]
    assert markdown[1].source.startswith("# Leçon 2")


def test_a_french_lesson_runs_as_written_not_retranslated(caplog):
    path = render.lesson_path(2, "fr")
    assert path.parent == render.FRENCH_DIR
    with caplog.at_level("WARNING"):
        notebook = nbtext.stage_notebook(path, path.stem, "fr")
    assert not caplog.records  # no cell "left in English"
    markdown = [c for c in notebook.cells if c.cell_type == "markdown"]
    assert markdown[1].source.startswith("# Leçon 2")
    assert render.lesson_path(2, "en").parent == paths.TEACHING_DIR


@pytest.mark.parametrize("stem", STEMS)
def test_figures_quoted_in_the_prose_agree_with_the_data(stem):
    """A Markdown cell lists the facts it quotes (metadata ``teaching_facts``);
    each must still read as the data give it, in English and in French."""
    table = _french()
    quoted = 0
    for cell in _read(stem).cells:
        names = cell.metadata.get("teaching_facts", [])
        french = table.get(f"{stem}/{cell.id}", {}).get("text", "")
        for name in names:
            assert facts.fact(name, "en") in cell.source, (cell.id, name)
            if not name.endswith("_en"):
                assert facts.fact(name, "fr") in french, (cell.id, name)
            quoted += 1
    assert quoted or stem.startswith("lesson3")


def test_prose_quotes_the_plan_not_a_number_typed_elsewhere():
    line = s.mediator_line()
    key = f"{STEMS[1]}/" + next(c.id for c in _read(STEMS[1]).cells
                                if "### Exercise 2.1" in c.source)
    french = _french()[key]["text"]
    assert f"{int(line['quantity_per_year'])} mois de travail" in french
    assert "300\u202f000\u00a0XOF" in french


# ------------------------------------------------------------------ answers
@pytest.mark.parametrize(("answer", "lang", "percent", "expected"), [
    ("0,44", "fr", "no", 0.44),
    ("0.44", "fr", "no", 0.44),
    ((0, 44), "fr", "no", 0.44),          # answer = 0,44 in a Python cell
    ("1 234 567,5", "fr", "no", 1234567.5),
    ("1\u202f234\u202f567", "fr", "no", 1234567),
    ("1\u00a0234\u00a0567", "fr", "no", 1234567),
    ("1.234.567,5", "fr", "no", 1234567.5),
    ("1,234,567.5", "en", "no", 1234567.5),
    ("1,234", "en", "no", 1234),
    ("1 234 567", "en", "no", 1234567),
    ("0,44", "en", "no", 0.44),            # no thousands group starts with 0
    ("314523000 XOF", "fr", "no", 314523000),
    ("44 %", "fr", "share", 0.44),
    ("44%", "en", "share", 0.44),
    ("44,3\u202f%", "fr", "share", 0.443),
    ("62,5 %", "fr", "same", 62.5),
    ("−5", "fr", "no", -5),
    (72_000_000, "fr", "no", 72_000_000),
])
def test_numbers_are_read_as_people_write_them(answer, lang, percent, expected):
    assert read_number(answer, lang, percent) == pytest.approx(expected)


@pytest.mark.parametrize(("answer", "lang", "reason"), [
    ("1.234", "fr", "ambiguous"),
    ("44 %", "fr", "percent_not_here"),
    ("1,23,456", "en", "number"),
    ("abc", "en", "number"),
    (True, "en", "number"),
])
def test_unreadable_or_ambiguous_numbers_are_refused(answer, lang, reason):
    with pytest.raises(Unreadable) as caught:
        read_number(answer, lang)
    assert caught.value.reason == reason


def test_a_french_participant_answers_with_a_comma():
    share = teaching.solution("3.2")
    written = f"{share:.3f}".replace(".", ",")
    assert teaching.check("3.2", written, "fr")
    assert teaching.check("3.2", f"{100 * share:.1f} %".replace(".", ","), "fr")
    amount = teaching.solution("2.1")
    assert teaching.check("2.1", f"{amount:,.0f}".replace(",", "\u202f"), "fr")
    assert teaching.check("2.1", f"{amount:,.0f}", "en")


def test_an_ambiguous_answer_names_both_readings():
    feedback = teaching.check("2.1", "1.234", "fr")
    assert feedback.status == "invalid" and feedback.mistake == "ambiguous"
    assert "1\u202f234 ou 1,234" in feedback.message
    assert teaching.check("2.1", "12 %", "en").mistake == "percent_not_here"


# --------------------------------------------------------------- check cells
def test_a_participant_check_cell_leaves_space_to_write_the_answer():
    shown = teaching.check_cell("2.4", None, "fr", False, False)
    bundle = shown._repr_mimebundle_()
    assert 'data-status="unanswered"' in bundle["text/html"]
    assert "gcm-answer-space" in bundle["text/html"]
    assert "Votre réponse" in bundle["text/html"]


def test_a_trainer_check_cell_shows_the_solution_explained():
    bundle = teaching.check_cell("2.4", None, "en", True, False)._repr_mimebundle_()
    assert 'data-status="correct"' in bundle["text/html"]
    assert "gcm-answer-space" not in bundle["text/html"]
    assert teaching.trainer_banner(True, "fr").startswith("> **Version formateur")
    assert teaching.trainer_banner(False, "fr") is None


def test_a_check_cell_has_buttons_in_jupyterlab():
    widgets = pytest.importorskip("ipywidgets")
    shown = teaching.check_cell("3.2", None, "fr", False, True)
    bundle = shown._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<div" in bundle["text/html"]  # what an exported page shows
    row = shown.widget.children[0]
    box, check_button, hint_button, _ = row.children
    assert [b.description for b in row.children[1:]] == [
        "Vérifier", "Indice", "Plus d'aide"]
    output = shown.widget.children[1]
    assert isinstance(output, widgets.Output)
    box.value = f"{teaching.solution('3.2'):.3f}".replace(".", ",")
    check_button.click()
    hint_button.click()  # the text fallback teaching.hint() gives the same
    assert str(teaching.hint("3.2", "fr")).strip()


# ------------------------------------------------------- tables and what-if
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_lesson3_components_add_up_to_the_total(lang):
    shown = teaching.table("3.components", lang)
    shares = shown.iloc[:, 3].map(lambda v: float(str(v).replace(",", ".")))
    assert shares.iloc[:-1].sum() == pytest.approx(shares.iloc[-1], abs=0.3)
    subtotal = "Support activities: total" if lang == "en" else "total"
    assert not shown.iloc[:-1, 0].str.contains(subtotal).any()


def test_french_tables_write_millions_and_percentages_the_french_way():
    for name in teaching.table_names():
        shown = teaching.table(name, "fr").to_string()
        assert "million(s)" not in shown and "milliard(s)" not in shown, name
        assert not re.search(r"\d ?%", shown), name


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_whatif_options_end_on_a_whole_word(lang):
    from gcm_analysis import reference
    from gcm_analysis.teaching import explorers

    full = reference.funding_source_types().set_index("source_type_code")[
        "text_fr" if lang == "fr" else "text_en"]
    for code, short in explorers._type_names(lang).items():
        kept = short.removesuffix(" …")
        assert full[code].startswith(kept), (code, short)
        rest = full[code][len(kept):]
        assert rest == "" or rest[0] in " ,;(", (code, short)
        assert short.count("(") == short.count(")"), short
