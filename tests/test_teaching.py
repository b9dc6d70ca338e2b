"""Teaching: lesson texts, self-checking exercises, the fictional plan, the lessons.

Fast tests check the texts (both languages, one source), every exercise (the
right answer passes; every typical mistake gets its own advice in English and
French; hints exist), the fictional plan (valid, reconciled, plainly fictional,
kept out of the real panel) and the lesson notebooks' structure. Slow tests run
the four lessons in both languages with and without solutions on one warm
kernel.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import papermill
import pytest

from gcm_analysis import io, nbtext, paths, plan, reference, teaching
from gcm_analysis.teaching import checks, data, explorers, facts, messages, render
from gcm_analysis.teaching import scenario as s

LANGS = ("en", "fr")
EXERCISES = checks.exercise_ids()
CALLER_VALUES = {"expected", "exercise_id", "level", "choices", "found", "factor",
                 "n_right", "n_given", "n_expected", "codes", "pct",
                 "readings", "example"}


# ------------------------------------------------------------------- texts
def test_every_exercise_has_its_messages_and_no_prose_is_left_in_python():
    for exercise_id in EXERCISES:
        exercise = checks.get_exercise(exercise_id)
        for part in ("hint1", "hint2", "correct", "wrong"):
            assert messages.has(f"ex{exercise_id}.{part}"), (exercise_id, part)
        for mistake in exercise.mistakes:
            assert messages.has(f"ex{exercise_id}.mistake.{mistake.code}"), (
                exercise_id, mistake.code)
    package = paths.PACKAGE_DIR / "teaching"
    assert not (package / "content").exists()
    for module in package.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert '"fr": "' not in source.replace(" ", ""), module.name


def test_every_placeholder_is_a_computed_fact_or_given_by_the_caller():
    known = set(facts.fact_names()) | CALLER_VALUES
    for key in messages.keys():
        for lang in LANGS:
            unknown = set(messages.placeholders(messages.template(key, lang))) - known
            assert not unknown, (key, lang, unknown)


@pytest.mark.parametrize("lang", LANGS)
def test_every_fact_formats_in_both_languages(lang):
    for name in facts.fact_names():
        assert facts.fact(name, lang).strip(), name


def test_unknown_text_key_or_language_is_refused():
    with pytest.raises(KeyError, match="no teaching text"):
        teaching.text("no_such_key", "en")
    with pytest.raises(ValueError, match="lessons exist in"):
        teaching.text("ex2.1.hint1", "es")


# --------------------------------------------------------------- exercises
def test_there_are_at_least_five_exercises_per_lesson():
    for lesson in (1, 2, 3, 4):
        assert len(checks.exercise_ids(lesson)) >= 5


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_the_right_answer_passes(exercise_id, lang):
    feedback = teaching.check(exercise_id, teaching.solution(exercise_id), lang)
    assert feedback.is_correct and bool(feedback)
    assert feedback.mistake == ""
    assert "{" not in feedback.message


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_hints_exist_at_two_levels(exercise_id, lang):
    first = teaching.hint(exercise_id, lang)
    second = teaching.hint(exercise_id, lang, level=2)
    assert str(first).strip() and str(second).strip()
    assert str(first) != str(second)
    assert exercise_id in first._repr_markdown_()


def _wrong_examples(exercise):
    """Answers that trigger each mistake: its value, or a sample for tests."""
    samples = {
        ("3.3", "not_assessed_as_zero"): lambda: s.not_assessed(
            "ideal_budgeting_conditions")[0],
        ("4.1", "guidance_named"): lambda: ["migration_mptf", "domestic_budget"],
        ("4.6", "essential"): lambda: s.essential_ids()[0],
    }
    for mistake in exercise.mistakes:
        if mistake.value is not None:
            yield mistake, mistake.value()
        else:
            yield mistake, samples[(exercise.exercise_id, mistake.code)]()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_each_typical_mistake_gets_its_own_advice(exercise_id, lang):
    exercise = checks.get_exercise(exercise_id)
    seen: dict[str, str] = {}
    for mistake, wrong in _wrong_examples(exercise):
        feedback = teaching.check(exercise_id, wrong, lang)
        assert feedback.status == "incorrect", (mistake.code, wrong)
        if feedback.mistake != mistake.code:
            # only allowed when an earlier mistake gives the very same answer
            assert feedback.mistake in seen, (mistake.code, wrong, feedback.mistake)
            continue
        advice = teaching.text(f"ex{exercise_id}.mistake.{mistake.code}", lang,
                               **feedback.details)
        assert feedback.message.startswith(advice)
        assert "level=2" in feedback.message  # points to more help
        seen[mistake.code] = feedback.message


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_typical_mistakes_differ_from_the_right_answer(exercise_id):
    exercise = checks.get_exercise(exercise_id)
    expected = exercise.expected()
    for mistake, wrong in _wrong_examples(exercise):
        target = checks._normalise_target(exercise, wrong) if mistake.value else wrong
        if mistake.value is not None:
            assert not checks._same(exercise, target, expected), mistake.code


def test_mistake_advice_points_at_the_mistake_in_french():
    forgot_support = s.focus_total() - s.focus_support()
    feedback = teaching.check("2.4", forgot_support, "fr")
    assert feedback.mistake == "forgot_support"
    assert "activité d'appui" in feedback.message
    inverted = s.line_year_cost(s.consultant_line()) / 600.0
    assert "multiplie" in teaching.check("2.2", inverted, "fr").message
    pledged = ((s.gap_total()["secured_amount"] + s.gap_total()["pledged_amount"])
               / s.gap_total()["cost_amount"])
    assert "annonces comptées comme acquises" not in teaching.check(
        "4.2", pledged, "fr").message  # the advice, not the trainer guide's words
    assert "annonces comme acquises" in teaching.check("4.2", pledged, "fr").message


@pytest.mark.parametrize("lang", LANGS)
def test_slips_of_any_number_are_named(lang):
    share = teaching.solution("4.2")
    assert teaching.check("4.2", 100 * share, lang).mistake == "auto.pct_for_share"
    score = teaching.solution("1.1")
    assert teaching.check("1.1", score / 100, lang).mistake == "auto.share_for_pct"
    amount = teaching.solution("2.1")
    too_large = teaching.check("2.1", amount * 1000, lang)
    assert too_large.mistake == "auto.too_large" and "1 000" in too_large.message
    assert teaching.check("2.1", amount / 1000, lang).mistake == "auto.too_small"
    assert teaching.check("4.3", -teaching.solution("4.3"), lang).mistake == (
        "auto.negative")


@pytest.mark.parametrize("lang", LANGS)
def test_an_unlisted_wrong_answer_says_what_to_look_at(lang):
    feedback = teaching.check("2.4", 123.0, lang)
    assert feedback.status == "incorrect" and feedback.mistake == ""
    assert feedback.message == teaching.text("ex2.4.wrong", lang)
    assert feedback.hint == teaching.text("ex2.4.hint1", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_no_answer_yet_gets_a_hint(lang):
    feedback = teaching.check("2.1", None, lang)
    assert feedback.status == "unanswered" and not feedback
    assert feedback.hint == teaching.text("ex2.1.hint1", lang)


@pytest.mark.parametrize("answer", ["soixante-douze", "72 000 000 000 000,5,1", True,
                                    [72000000], float("nan"), "", "12,34,5"])
def test_unreadable_numbers_get_advice_on_how_to_write_them(answer):
    feedback = teaching.check("2.1", answer, "fr")
    assert feedback.status == "invalid"
    assert "1 234 567" in feedback.message and "virgule" in feedback.message


def test_choices_and_sets_are_read_leniently():
    assert teaching.check("4.4", str(teaching.solution("4.4")), "en")
    assert teaching.check("4.4", float(teaching.solution("4.4")), "en")
    assert teaching.check("2.6", teaching.solution("2.6").lower(), "en")
    assert teaching.check("3.5", " C) ", "en")
    chosen = teaching.solution("1.5")
    assert teaching.check("1.5", list(reversed(chosen)), "en")
    assert teaching.check("1.5", ", ".join(map(str, chosen)), "en")
    assert teaching.check("4.1", set(teaching.solution("4.1")), "fr")
    unknown = teaching.check("3.1", 9, "en")
    assert unknown.status == "invalid" and "1, 2" in unknown.message
    partial = teaching.check("1.5", chosen[:2] + [23], "en")
    assert partial.status == "incorrect"
    assert partial.message.startswith("2 of your 3 answers are right")


def test_feedback_renders_as_html_markdown_and_text():
    right = teaching.check("2.1", teaching.solution("2.1"), "fr")
    html = right._repr_html_()
    assert 'data-status="correct"' in html and "✓" in html
    assert "juste" in right._repr_markdown_() and str(right).startswith("✓")
    wrong = teaching.check("2.1", 1.0, "en")
    assert 'data-status="incorrect"' in wrong._repr_html_() and "✗" in str(wrong)


def test_unknown_exercise_is_refused_with_the_known_ids():
    with pytest.raises(KeyError, match="known: 1.1"):
        teaching.check("9.9", 1, "en")


def test_solutions_are_computed_from_the_plan():
    lines = data.budget_lines()
    focus = lines[(lines["intervention_id"] == data.FOCUS_INTERVENTION)
                  & (lines["cost_type"] != "contingency")]
    assert teaching.solution("2.4") == pytest.approx(focus["amount_constant"].sum())
    gaps = teaching.funding_tables()["funding_gap_total"].iloc[0]
    assert teaching.solution("4.3") == pytest.approx(gaps["risk_adjusted_gap_amount"])


def test_the_percentile_hint_holds_without_ties():
    assert s.peers_tied(s.REMITTANCE_INDICATOR) == 0
    n = int(s.indicator_row(s.REMITTANCE_INDICATOR)["n_peers"])
    below = s.peers_below(s.REMITTANCE_INDICATOR)
    extra = s.EXTRA_PEERS_ABOVE  # more peers, all above Lumeria: only n grows
    assert teaching.solution("1.1") == pytest.approx(below / (n + extra - 1) * 100)


def test_joint_sdg_fund_answer_matches_the_reference_table():
    guidance = io.read_reference("funding_source_guidance").set_index(
        "source_type_code")
    assert "Resident Coordinator" in guidance.at["sdg_funds", "reason_en"]
    french = nbtext.translations("fr")
    assert any("coordonnateur résident" in entry["text"]
               for key, entry in french.items() if key.startswith("lesson4_"))


# ------------------------------------------------------------ fictional plan
def test_the_fictional_plan_validates():
    assert teaching.validate_teaching_plan() == []
    assert teaching.read_teaching_plan().settings.country == "XLU"


def test_the_real_validator_refuses_only_the_teaching_country_code():
    # Documents the one difference: plan.validate_plan_file checks the country
    # against the real panel (where XLU must never be); see the module docstring.
    problems = plan.validate_plan_file(teaching.TEACHING_PLAN_DIR)
    assert [(p.sheet, p.column, p.value) for p in problems] == [
        ("settings", "value", "XLU")]


def test_the_teaching_code_is_user_assigned_and_not_in_the_real_panel():
    for code in teaching.TEACHING_COUNTRIES:
        assert re.fullmatch(r"X[A-Z]{2}", code)  # ISO 3166 user-assigned XAA-XZZ
        assert code not in set(reference.countries()["iso3"])
        assert code not in set(io.read_processed("country_indicators")["iso3"])


def test_the_teaching_reader_refuses_a_real_country_code(tmp_path):
    folder = tmp_path / "plan"
    folder.mkdir()
    for source in teaching.TEACHING_PLAN_DIR.glob("*.csv"):
        text = source.read_text(encoding="utf-8")
        if source.name == "settings.csv":
            text = text.replace("country,XLU,", "country,PRT,")
        (folder / source.name).write_text(text, encoding="utf-8")
    problems = teaching.validate_teaching_plan(folder)
    assert [p.message for p in problems] == ["not a teaching country code (cell B2)"]


def test_committed_workbook_matches_its_csv_source():
    from_csv = teaching.read_teaching_plan()
    from_xlsx = teaching.read_teaching_plan(
        teaching.TEACHING_PLAN_DIR.with_suffix(".xlsx"))
    assert from_csv.settings == from_xlsx.settings
    for name in ("interventions", "cost_lines", "exchange_rates", "inflation_rates",
                 "priorities"):
        pd.testing.assert_frame_equal(getattr(from_csv, name), getattr(from_xlsx, name))
    for name, sheet in from_csv.extra_sheets.items():
        pd.testing.assert_frame_equal(sheet, from_xlsx.extra_sheets[name])


def test_the_plan_is_plainly_fictional():
    the_plan = teaching.read_teaching_plan()
    assert the_plan.settings.is_illustrative
    assert "FICTIONAL" in the_plan.settings.plan_title
    assert the_plan.interventions["notes"].str.contains("FICTIONAL").all()
    assert the_plan.cost_lines["source"].str.contains("FICTIONAL").all()
    assert the_plan.extra_sheets["funding"]["notes"].str.contains("FICTIONAL").all()
    assert the_plan.exchange_rates["source"].str.contains("teaching").all()
    indicators = data.fictional_indicators()
    assert indicators["source"].str.startswith("FICTIONAL").all()
    assert bool(data.fictional_country()["is_fictional"].iloc[0])


def test_the_plan_is_complete():
    the_plan = teaching.read_teaching_plan()
    assert len(the_plan.interventions) >= 6
    assert the_plan.cost_lines["is_support_activity"].any()
    reporting = the_plan.settings.reporting_currency
    assert (the_plan.cost_lines["currency"] != reporting).any()
    assert (the_plan.cost_lines["costing_method"] == "top_down").any()
    assert len(the_plan.priorities) and len(the_plan.inflation_rates)
    types = set(the_plan.extra_sheets["funding"]["source_type_code"])
    for code in ("migration_mptf", "sdg_funds", "bilateral_development_partners",
                 "remittances", "diaspora_contributions", "private_sector",
                 "foundations", "social_impact_bonds", "domestic_budget"):
        assert code in types
    statuses = set(the_plan.extra_sheets["funding"]["status"])
    assert statuses == {"secured", "pledged", "pipeline", "to_be_mobilised"}
    assessed = the_plan.extra_sheets["assessment"]["framework_code"]
    assert {"ideal_budgeting_conditions", "budget_governance_principles"} <= set(
        assessed)


def test_the_budget_reconciles_to_the_cent():
    tables = teaching.budget_tables()
    total = round(tables["budget_lines"]["amount_constant"].sum(), 2)
    parts = tables["budget_summary"].set_index("component")["amount_constant"]
    assert round(parts.drop(["support_total", "total"]).sum(), 2) == total
    assert round(parts["total"], 2) == total
    for name in ("budget_by_objective", "budget_by_year", "budget_by_ministry",
                 "budget_by_category", "budget_by_intervention",
                 "budget_by_objective_year"):
        assert round(tables[name]["amount_constant"].sum(), 2) == total, name
    nominal = round(tables["budget_lines"]["amount_nominal"].sum(), 2)
    assert round(tables["budget_by_year"]["amount_nominal"].sum(), 2) == nominal


def test_funded_plus_gap_is_cost_everywhere():
    tables = teaching.funding_tables()
    for name in ("funding_gaps", "funding_gap_by_objective", "funding_gap_total"):
        gaps = tables[name]
        pd.testing.assert_series_equal(
            gaps["committed_amount"] + gaps["gap_amount"], gaps["cost_amount"],
            check_names=False, atol=0.01)
        pd.testing.assert_series_equal(
            gaps["expected_funded_amount"] + gaps["risk_adjusted_gap_amount"],
            gaps["cost_amount"], check_names=False, atol=0.01)
    total = tables["funding_gap_total"].iloc[0]
    budget = teaching.budget_tables()["budget_summary"].set_index("component")
    assert total["cost_amount"] == pytest.approx(budget.at["total", "amount_constant"])
    sources = tables["funding_sources"]
    assert (sources["allocated_amount"] + sources["unallocated_amount"]
            - sources["amount"]).abs().max() < 0.01


def test_lesson_data_leave_the_real_panel_untouched():
    before = io.read_processed("country_indicators")
    indicators, countries = teaching.teaching_panel()
    indicators.loc[:, "value"] = 0.0  # a participant's edit changes a copy only
    assert "XLU" in set(countries["iso3"])
    after = io.read_processed("country_indicators")
    pd.testing.assert_frame_equal(before, after)
    assert "XLU" not in set(after["iso3"])
    again, _ = teaching.teaching_panel()
    assert (again["value"] != 0).any()


# ----------------------------------------------------- tables and what-if
@pytest.mark.parametrize("lang", LANGS)
def test_every_lesson_table_and_figure_builds(lang):
    for name in teaching.table_names():
        assert len(teaching.table(name, lang)), name
    for name in teaching.figure_names():
        assert teaching.figure(name, lang).axes, name


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", explorers.LESSONS_WITH_WHATIF)
def test_whatif_has_a_static_view_without_a_kernel(lesson, lang):
    shown = teaching.whatif(lesson, lang, interactive=False)
    bundle = shown._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert "<table" in bundle["text/html"] and len(teaching.static_table(lesson, lang))


def test_whatif_adds_the_widget_but_keeps_the_static_fallback():
    pytest.importorskip("ipywidgets")
    bundle = teaching.whatif(2, "fr", interactive=True)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<table" in bundle["text/html"]  # what an exported page shows


def test_whatif_at_plan_values_gives_the_plan_budget():
    result = explorers.focus_whatif()
    assert result["total"] == pytest.approx(s.focus_total(contingency=True))
    assert explorers.focus_whatif(contingency_pct=0)["contingency"] == 0
    assert explorers.focus_whatif(inflation_pct=0)["nominal"] == pytest.approx(
        result["total"])


# --------------------------------------------------------------- notebooks
LESSON_PATHS = [render.lesson_path(n) for n in teaching.LESSONS]


def _code_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.stem)
def test_lesson_parameters_are_the_agreed_three(path):
    declared = papermill.inspect_notebook(str(path))
    assert list(declared) == list(render.PARAMETERS)
    assert [declared[n]["default"] for n in render.PARAMETERS] == [
        '"en"', "False", "True"]


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.stem)
def test_lessons_keep_logic_in_the_package(path):
    for cell in _code_cells(path):
        source = "".join(cell["source"])
        for banned in ("def ", "class ", "for ", "while ", "pd.read_", "open(",
                       "sys.path", "import pandas"):
            assert banned not in source, (path.name, banned)


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.stem)
def test_lessons_use_known_texts_tables_and_exercises(path):
    lesson = render.lesson_number(path.stem)
    sources = "\n".join("".join(c["source"]) for c in _code_cells(path))
    prose = "\n".join("".join(c["source"]) for c in json.loads(
        path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "markdown")
    for name in re.findall(r'teaching\.table\("([^"]+)"', sources):
        assert name in teaching.table_names()
    for name in re.findall(r'teaching\.show_figure\("([^"]+)"', sources):
        assert name in teaching.figure_names()
    checked = re.findall(r'teaching\.check_cell\("([\d.]+)"', sources)
    assert checked == checks.exercise_ids(lesson)  # every exercise, in order
    assert "teaching.solution" not in sources  # participants never see it
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:  # check cells: code hidden in exports and in JupyterLab
        if "check" in cell["metadata"].get("tags", []):
            assert "remove-input" in cell["metadata"]["tags"]
            assert cell["metadata"]["jupyter"]["source_hidden"] is True
    assert re.findall(r"### Exercise ([\d.]+) ", prose) == checked


def test_every_lesson_has_its_notebook_and_the_trainer_guide_exists():
    assert all(p.exists() for p in LESSON_PATHS)
    guide = (paths.TEACHING_DIR / "00_trainer_guide.md").read_text(encoding="utf-8")
    for needle in ("render_lesson", "git checkout -- notebooks/teaching",
                   "Version française", "Questions de discussion", "Time"):
        assert needle in guide


def test_lesson_names_resolve():
    assert render.lesson_number("lesson2") == 2
    assert render.lesson_number("lesson2_costing_an_intervention") == 2
    assert render.lesson_number(4) == 4
    with pytest.raises(ValueError):
        render.lesson_number("lesson9")
    assert render.output_stem(2, "fr", True).endswith("_fr_solutions")


# -------------------------------------------------------- lesson execution
@pytest.fixture(scope="module")
def warm_kernel():
    from gcm_analysis.kernels import WarmKernel

    kernel = WarmKernel()
    yield kernel
    kernel.shutdown()


def _outputs(notebook):
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            yield cell, output


def _text(value):
    return "".join(value) if isinstance(value, list) else value


@pytest.mark.slow
@pytest.mark.parametrize("show_solutions", [True, False], ids=["solutions", "blank"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", teaching.LESSONS)
def test_lesson_runs(lesson, lang, show_solutions, tmp_path, warm_kernel):
    out = tmp_path / "lesson.ipynb"
    teaching.execute_lesson(lesson, out, lang, show_solutions, executor=warm_kernel)
    notebook = json.loads(out.read_text(encoding="utf-8"))
    errors = [o for _, o in _outputs(notebook) if o["output_type"] == "error"]
    assert not errors, errors[:1]
    stderr = [o for _, o in _outputs(notebook)
              if o["output_type"] == "stream" and o.get("name") == "stderr"]
    assert not stderr, stderr[:1]
    statuses = []
    for cell, output in _outputs(notebook):
        if "check" in cell["metadata"].get("tags", []):
            html = _text(output.get("data", {}).get("text/html", ""))
            statuses += re.findall(r'data-status="(\w+)"', html)
    assert len(statuses) == len(checks.exercise_ids(lesson))
    assert set(statuses) == ({"correct"} if show_solutions else {"unanswered"})
    shown = "\n".join(_text(c["source"]) for c in notebook["cells"]
                      if c["cell_type"] == "markdown")
    shown += "\n".join(_text(o.get("data", {}).get("text/markdown", ""))
                       for _, o in _outputs(notebook))
    if lang == "fr":
        assert f"Leçon {lesson}" in shown and "Exercise " not in shown
    else:
        assert f"Lesson {lesson}" in shown and "Exercice " not in shown
    spaces = [o for c, o in _outputs(notebook)
              if "gcm-answer-space" in _text(o.get("data", {}).get("text/html", ""))]
    assert len(spaces) == (0 if show_solutions else len(statuses))


@pytest.mark.slow
def test_a_french_trainers_edit_shows_in_the_french_run(tmp_path, warm_kernel,
                                                        monkeypatch):
    import nbformat

    folder = tmp_path / "fr"
    folder.mkdir()
    notebook = render.french_notebook(3)
    cell = next(c for c in notebook.cells
                if c.cell_type == "markdown" and "Exercice 3.2" in c.source)
    cell.source += "\n\nNote de la formatrice : prenez la calculatrice."
    nbformat.write(notebook, folder / f"{render.LESSON_NOTEBOOKS[3]}.ipynb")
    monkeypatch.setattr(render, "FRENCH_DIR", folder)
    out = tmp_path / "run.ipynb"
    teaching.execute_lesson(3, out, "fr", False, executor=warm_kernel)
    assert "Note de la formatrice" in out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_lesson_prints_with_solutions_and_no_code(tmp_path, warm_kernel):
    written = teaching.render_lesson(2, "fr", True, tmp_path, executor=warm_kernel)
    html = written["html"].read_text(encoding="utf-8")
    assert "Exercice 2.6\u202f: juste" in html
    assert "<script" not in html
    assert "teaching.check_cell" not in html and "teaching.solution" not in html
    assert "Version formateur" in html
    assert written["notebook"].parent == tmp_path
