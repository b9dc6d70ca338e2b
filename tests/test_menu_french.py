"""The costed-action menu (``costed_actions.csv``) in French: every text of it a
user reads has its French in the catalogue, current, and the French outputs (the
costing notebook, the run's workbooks, the French template's starter plan) show
the French, never the menu's English."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import FRENCH_RUN

from gcm_analysis import io
from gcm_analysis.catalogue import entries
from gcm_analysis.french_lint import problems, visible_text
from gcm_analysis.i18n import menu_in_language, menu_text_keys

#: Columns of the menu a user reads (each has a catalogue key per row)
TRANSLATED = ("action_title", "lead_ministry", "indicator", "target", "item", "unit",
              "source")


@pytest.fixture(scope="module")
def menu() -> pd.DataFrame:
    return io.read_reference("costed_actions")


def _english_only(menu: pd.DataFrame) -> set[str]:
    """The menu's English texts whose French differs (``kit`` is both): none of
    them may show in a French output. Short words that French shares with
    English parts of other texts are left out."""
    french = menu_in_language(menu, "fr")
    found = set()
    for column in ("action_title", "lead_ministry", "indicator", "target", "item",
                   "unit"):
        for en, fr in zip(menu[column].astype(str), french[column].astype(str),
                          strict=True):
            if en != fr and len(en) > 8:
                found.add(en)
    return found


def test_every_text_of_the_menu_has_its_current_french(menu):
    keys = menu_text_keys(menu)
    assert set(keys) == set(TRANSLATED)
    catalogue = entries("fr")
    missing = []
    for column in TRANSLATED:
        for key, english in zip(keys[column], menu[column].astype(str), strict=True):
            entry = catalogue.get(key)
            if entry is None or entry.english != english or entry.translation is None:
                missing.append(f"{key}: {english!r}")
    assert not missing, "\n".join(missing[:20])


def test_the_french_menu_keeps_its_figures_and_codes_and_english_stays(menu):
    french = menu_in_language(menu, "fr")
    kept = [c for c in menu.columns if c not in TRANSLATED]
    pd.testing.assert_frame_equal(french[kept], menu[kept])
    assert menu_in_language(menu, "en") is menu
    row = menu.index[(menu["action_id"] == "O01-A1") & (menu["line_no"] == 2)][0]
    assert french.at[row, "item"] == ("Consultant international\u202f: conception du "
                                      "questionnaire et échantillonnage")
    assert french.at[row, "unit"] == "jour de consultant"
    assert french.at[row, "target"] == "Un cycle par an dès l'année 1"
    # French typography in the figures of targets
    assert set(french.loc[menu["action_id"] == "O02-A2", "target"]) == {
        "60\u202f% des participants dans les 12 mois"}


def test_a_users_own_text_is_never_translated(menu):
    edited = menu.assign(item=menu["item"].where(menu["line_no"] != 1,
                                                 "Our own line"),
                         unit="our unit")
    french = menu_in_language(edited, "fr")
    assert set(french.loc[menu["line_no"] == 1, "item"]) == {"Our own line"}
    assert set(french["unit"]) == {"our unit"}
    assert (french.loc[menu["line_no"] != 1, "item"]
            != menu.loc[menu["line_no"] != 1, "item"]).all()


def test_the_starter_plan_of_a_french_template_reads_french(tmp_path: Path, menu):
    from gcm_analysis import plan
    from gcm_analysis.cli import main

    target = tmp_path / "starter_fr.xlsx"
    assert main(["template", str(target), "--lang", "fr", "--starter",
                 "--country", "SEN", "--objectives", "1", "7", "20"]) == 0
    starter = plan.read_plan(target)
    lines, actions = starter.cost_lines, starter.interventions
    french = menu_in_language(menu, "fr")
    assert set(lines["item"]) <= set(french["item"])
    assert set(lines["unit"]) <= set(french["unit"])
    assert set(actions["indicator"]) <= set(french["indicator"])
    assert set(actions["target"]) <= set(french["target"])
    assert "Consultant international\u202f: conception du questionnaire et " \
        "échantillonnage" in set(lines["item"])
    assert {"jour de consultant", "cycle d'enquête"} <= set(lines["unit"])
    first = actions.set_index("intervention_id").loc["SEN-O01-A1"]
    assert (first["indicator"], first["target"]) == (
        "Enquête avec module migration réalisée", "Un cycle par an dès l'année 1")
    # the plan's own notes too: title, each action's and line's note and source
    assert starter.settings.plan_title.startswith("Plan de départ indicatif pour SEN")
    assert actions["notes"].str.startswith("À titre indicatif\u202f: action ").all()
    assert lines["source"].str.startswith("Prix indicatif du menu (").all()
    assert lines["source"].str.contains("Hypothèse du GCM Workbook (voir docs/",
                                      regex=False).all()
    assert lines["notes"].str.startswith("Quantité\u202f: ").all()
    assert not lines["notes"].str.contains("scaled|fixed|smallest").any()
    sheets = pd.read_excel(target, sheet_name=["interventions", "cost_lines"],
                           header=None, engine="openpyxl")
    text = "\n".join(str(v) for sheet in sheets.values()
                     for v in sheet.to_numpy().ravel())
    english = sorted(e for e in _english_only(menu) if e in text)
    assert not english, english[:10]


def test_the_budget_tables_of_a_french_starter_plan_read_french():
    from gcm_analysis import costing, costing_io
    from gcm_analysis.plan import plan_from_tables

    indicators = io.read_processed("country_indicators")
    starter = costing_io.build_starter_plan("SEN", [1, 7], indicators, 2027, 2,
                                            lang="fr")
    tables = costing.compute_budget_tables(starter, n_draws=20, top_n=3, lang="fr")
    contingency = tables["budget_lines"].query("category == 'contingency'")
    assert set(contingency["item"]) == {
        "Provision pour imprévus (10\u202f% des coûts ascendants)"}
    drivers = tables["cost_drivers"]
    assert drivers["driver"].str.contains(
        r"\)\u202f: (?:coût unitaire|quantité)$").all()
    assert set(drivers["variable"]) <= {"unit cost", "quantity"}  # codes stay
    # the English run's texts are unchanged
    english = costing.compute_budget_tables(
        plan_from_tables(costing.starter_plan_tables(
            "SEN", [1], indicators, 2027, 2, menu=io.read_reference("costed_actions"),
            scaling=costing.scaling_parameters(io.read_reference("cost_scaling")))),
        n_draws=20, top_n=3)
    assert set(english["budget_lines"].query("category == 'contingency'")["item"]) \
        == {"Contingency (10 % of bottom-up costs)"}
    assert english["cost_drivers"]["driver"].str.contains(
        r"\): (?:unit cost|quantity)$").all()


def test_a_template_language_without_a_catalogue_gets_the_english_starter_plan(
        tmp_path: Path):
    from gcm_analysis import plan
    from gcm_analysis.cli import main

    target = tmp_path / "starter_es.xlsx"
    assert main(["template", str(target), "--lang", "es", "--starter",
                 "--country", "SEN", "--objectives", "1"]) == 0
    lines = plan.read_plan(target).cost_lines
    assert lines["source"].str.startswith("Illustrative menu price (").all()
    assert "consultant day" in set(lines["unit"])


def _french_run(chain_runs) -> Path:
    iso3 = FRENCH_RUN
    root, _results = chain_runs
    return root / iso3 / "r"


@pytest.mark.slow
@pytest.mark.xdist_group("chain")
def test_the_french_costing_notebook_and_workbooks_show_the_menu_in_french(
        chain_runs, menu):
    run = _french_run(chain_runs)
    html = (run / "03_costing.html").read_text(encoding="utf-8")
    found = problems(html)
    assert not found, "\n".join(found[:40])
    english = _english_only(menu)
    shown = visible_text(html)
    assert not sorted(e for e in english if e in shown)
    # the cost drivers name their lines by the menu's French item
    assert any(item in shown for item in menu_in_language(menu, "fr")["item"])
    assert "Provision pour imprévus" in shown or "Imprévus" in shown
    # the plan's sheets (its instructions and drop-down lists are the template's)
    plan_sheets = ["settings", "interventions", "cost_lines"]
    for workbook, names in (("budget.xlsx", None), ("tables.xlsx", None),
                            ("plan.xlsx", plan_sheets)):
        sheets = pd.read_excel(run / workbook, sheet_name=names, header=None,
                               engine="openpyxl")
        text = "\n".join(str(v) for sheet in sheets.values()
                         for v in sheet.to_numpy().ravel())
        left = sorted(e for e in english if e in text)
        assert not left, f"{workbook}: {left[:10]}"
