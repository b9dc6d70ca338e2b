"""Curated reference tables and the checks built on them (gcm_analysis.reference)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from gcm_analysis import paths, reference
from gcm_analysis.errors import ParameterError

TABLES = {
    "gcm_objectives": reference.objectives,
    "guiding_principles": reference.guiding_principles,
    "sdg_links": reference.sdg_links,
    "mptf_thematic_areas": reference.mptf_thematic_areas,
    "mptf_area_objectives": reference.mptf_area_objectives,
    "budget_governance_principles": reference.budget_governance_principles,
    "validation_workshop_points": reference.validation_workshop_points,
    "budgeting_steps": reference.budgeting_steps,
    "ideal_budgeting_conditions": reference.ideal_budgeting_conditions,
    "funding_source_types": reference.funding_source_types,
    "guidance_actions": reference.guidance_actions,
    "plan_quality_criteria": reference.plan_quality_criteria,
    "currencies": reference.currencies,
}
KEYS = {
    "gcm_objectives": ["objective_id"],
    "guiding_principles": ["principle_id"],
    "sdg_links": ["objective_id", "sdg_target"],
    "mptf_thematic_areas": ["area_id"],
    "mptf_area_objectives": ["area_id", "objective_id"],
    "budget_governance_principles": ["principle_id"],
    "validation_workshop_points": ["point_id"],
    "budgeting_steps": ["step_id"],
    "ideal_budgeting_conditions": ["condition_id"],
    "funding_source_types": ["source_type_code"],
    "guidance_actions": ["action_id"],
    "plan_quality_criteria": ["criterion_id"],
    "currencies": ["currency_code"],
}


# ------------------------------------------------------------------ all tables
@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_has_a_source_without_blanks(name):
    table = TABLES[name]()
    assert "source" in table.columns
    assert table["source"].notna().all()
    assert (table["source"].astype(str).str.strip() != "").all()


@pytest.mark.parametrize("name", sorted(TABLES))
def test_flag_columns_hold_only_allowed_values(name):
    table = TABLES[name]()
    status_columns = [
        c for c in table.columns if c == "status" or c.endswith("_status")
    ]
    assert status_columns, f"{name} has no status column"
    for column in status_columns:
        assert set(table[column]) <= set(reference.STATUS_VALUES), column
    for column in [c for c in table.columns if c.startswith(("is_", "has_"))]:
        assert table[column].dtype == bool, column


@pytest.mark.parametrize("name", sorted(TABLES))
def test_keys_are_unique(name):
    assert not TABLES[name]().duplicated(KEYS[name]).any()


@pytest.mark.parametrize("name", sorted(TABLES))
def test_files_are_utf8_lf_and_sorted_by_key(name):
    raw = paths.reference_file(name).read_bytes()
    raw.decode("utf-8")
    assert b"\r" not in raw
    table = pd.read_csv(paths.reference_file(name), dtype=str)
    key = KEYS[name][0]
    values = (
        table[key].astype(int)
        if key != "source_type_code" and key != "currency_code"
        else table[key]
    )
    assert values.is_monotonic_increasing


def test_tables_are_returned_as_copies():
    first = reference.objectives()
    first.loc[0, "title_en"] = "changed"
    assert reference.objectives().loc[0, "title_en"] != "changed"


# ------------------------------------------------------------------ objectives
def test_objectives_are_the_23_with_titles_in_three_languages():
    table = reference.objectives()
    assert table["objective_id"].tolist() == list(range(1, 24))
    for lang in reference.LANGUAGES:
        for column in (f"title_{lang}", f"short_title_{lang}"):
            assert table[column].notna().all(), column
            assert (table[column].str.strip() != "").all(), column
    assert (table["paragraph"] == table["objective_id"] + 16).all()


def test_objective_verification_follows_the_research_notes():
    table = reference.objectives().set_index("objective_id")
    assert set(table.index[table["title_status_en"] == "partial"]) == {9, 10, 11}
    assert set(table.index[table["title_status_fr"] == "unverified"]) == {17, 18, 19}
    assert table.at[23, "title_status_fr"] == "partial"
    assert set(table.index[table["title_status_es"] == "verified"]) == {1, 13}


def test_objectives_for_one_language_drop_the_suffix():
    table = reference.objectives("fr")
    assert list(table.columns) == [
        "objective_id",
        "paragraph",
        "title",
        "short_title",
        "title_status",
        "short_title_status",
        "source",
    ]
    assert table.loc[table["objective_id"] == 20, "short_title"].item() == (
        "Envois de fonds"
    )


def test_objective_titles_is_a_series_indexed_by_objective():
    titles = reference.objective_titles("en", short=True)
    assert titles.index.tolist() == list(range(1, 24))
    assert titles[1] == "Data"
    assert reference.objective_titles("es")[13].startswith("Utilizar la detención")


def test_objectives_refuse_an_unknown_language():
    with pytest.raises(ParameterError, match="'de'"):
        reference.objectives("de")
    with pytest.raises(ParameterError, match="en, fr, es"):
        reference.check_language("EN")


# ------------------------------------------------------------------ principles, links
def test_ten_guiding_principles_a_to_j():
    table = reference.guiding_principles()
    assert table["principle_id"].tolist() == list(range(1, 11))
    assert "".join(table["letter"]) == "abcdefghij"
    assert table["is_summary_our_paraphrase"].all()


def test_sdg_links_point_to_objectives_and_only_20_10c_is_from_the_gcm_text():
    links = reference.sdg_links()
    assert set(links["objective_id"]) <= set(range(1, 24))
    assert links["sdg_target"].str.fullmatch(r"\d{1,2}\.(\d{1,2}|[a-z])").all()
    assert (
        links["sdg_goal"] == links["sdg_target"].str.split(".").str[0].astype(int)
    ).all()
    official = links[~links["is_our_derivation"]]
    assert official[["objective_id", "sdg_target"]].values.tolist() == [[20, "10.c"]]
    assert official["status"].tolist() == ["verified"]


def test_each_objective_is_in_exactly_one_mptf_area():
    mapping = reference.mptf_area_objectives()
    areas = reference.mptf_thematic_areas()
    assert areas["area_id"].tolist() == [1, 2, 3, 4, 5]
    assert sorted(mapping["objective_id"]) == list(range(1, 24))
    assert set(mapping["area_id"]) <= set(areas["area_id"])
    assert mapping["is_our_assignment"].all()
    assert (mapping["status"] == "unverified").all()
    assert (areas["status"] == "unverified").all()


# ------------------------------------------------------------------ guidance texts
def test_checklist_counts():
    assert len(reference.validation_workshop_points()) == 8
    assert len(reference.budgeting_steps()) == 8
    assert len(reference.ideal_budgeting_conditions()) == 5
    assert len(reference.budget_governance_principles()) == 10
    assert len(reference.plan_quality_criteria()) == 10
    assert len(reference.guidance_actions()) == 3


def test_french_texts_are_the_guidance_wording():
    # Phrases copied from the French Guidance excerpt (Actions 1 and 2).
    points = reference.validation_workshop_points().set_index("point_id")["text_fr"]
    assert points[1] == (
        "Les objectifs du Pacte mondial qui ont été identifiés pour "
        "mise en œuvre immédiate"
    )
    assert points[6] == "Le calendrier"
    assert points[8] == (
        "La budgétisation des interventions relatives aux migrations "
        "présentées dans le plan"
    )
    steps = reference.budgeting_steps().set_index("step_id")["text_fr"]
    assert steps[2] == (
        "Faire le point des financements pouvant être reçus d'entités "
        "et de sources externes."
    )
    assert steps[5] == (
        "Se référer aux dix principes de bonne gouvernance budgétaire et les "
        "illustrer (voir Outil 9)."
    )
    assert steps[7] == (
        "Budgétiser non seulement les interventions immédiates mais "
        "aussi les activités d'appui."
    )
    conditions = reference.ideal_budgeting_conditions().set_index("condition_id")
    assert conditions.at[1, "text_fr"].startswith(
        "Engagement politique de haut niveau en faveur du Pacte mondial"
    )
    assert conditions.at[5, "text_fr"].startswith(
        "Développement des capacités de budgétisation relative au Pacte mondial"
    )
    assert "**" not in "".join(conditions["text_fr"])


def test_english_versions_of_guidance_texts_are_flagged_as_ours():
    for table in (
        reference.validation_workshop_points(),
        reference.budgeting_steps(),
        reference.ideal_budgeting_conditions(),
        reference.budget_governance_principles(),
        reference.funding_source_types(),
    ):
        assert table["is_our_translation"].all()
    criteria = reference.plan_quality_criteria()
    assert criteria["is_our_proposal"].all()
    assert criteria["source"].str.contains("NOT the text of the Guide's Tool 8").all()


def test_budgeting_steps_point_to_existing_tables():
    related = reference.budgeting_steps()["related_table"].dropna()
    assert set(related) <= set(TABLES)


def test_oecd_principles_keep_the_oecd_english_wording():
    text = reference.budget_governance_principles().set_index("principle_id")["text_en"]
    assert text[1] == (
        "Manage budgets within clear, credible and predictable limits "
        "for fiscal policy."
    )
    assert text[10].endswith("rigorous quality assurance including independent audit.")


def test_funding_source_codes_are_stable_snake_case():
    table = reference.funding_source_types()
    assert table["source_type_code"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    expected_from_guidance = {
        "migration_mptf",
        "national_local_development_funding",
        "sdg_funds",
        "multilateral_migration_funds",
        "remittances",
        "diaspora_contributions",
        "private_sector",
        "foundations",
        "social_impact_bonds",
        "public_private_partnerships",
    }
    ours = set(table.loc[table["is_our_addition"], "source_type_code"])
    assert set(table["source_type_code"]) == expected_from_guidance | ours
    assert ours == {"domestic_budget", "bilateral_development_partners", "ifi_mdb"}
    assert sorted(table["display_order"]) == list(range(1, len(table) + 1))


# ------------------------------------------------------------------ currencies
def test_currencies_are_unique_three_letter_codes():
    table = reference.currencies()
    assert table["currency_code"].str.fullmatch(r"[A-Z]{3}").all()
    assert table["currency_code"].is_unique
    assert {"USD", "EUR"} <= set(table["currency_code"])
    assert table["currency_numeric_code"].str.fullmatch(r"\d{3}").all()
    assert table.set_index("currency_code").at["ALL", "currency_numeric_code"] == "008"


def test_check_currency_accepts_usd_and_suggests_for_lower_case():
    assert reference.check_currency("USD") == "USD"
    with pytest.raises(ParameterError, match=r"'usd'.*did you mean USD \(US Dollar\)"):
        reference.check_currency("usd")
    with pytest.raises(ParameterError, match="EUR"):
        reference.check_currency("Euro")


# ------------------------------------------------------------------ countries
def test_check_iso3_accepts_prt_and_suggests_for_por():
    assert reference.check_iso3("PRT") == "PRT"
    with pytest.raises(ParameterError, match=r"'POR'.*did you mean PRT \(Portugal\)"):
        reference.check_iso3("POR")


@pytest.mark.parametrize("code", ["prt", " PRT", "PRT ", "Portugal"])
def test_check_iso3_does_not_normalise_but_suggests(code):
    with pytest.raises(ParameterError, match=r"PRT \(Portugal\)"):
        reference.check_iso3(code)


@pytest.mark.parametrize("code", [None, 620, "", "XXXX"])
def test_check_iso3_refuses_non_codes(code):
    with pytest.raises(ParameterError, match="unknown ISO3 country code"):
        reference.check_iso3(code)


def test_country_currencies_are_known_iso4217_codes():
    codes = reference.countries()["currency_code"].dropna()
    assert set(codes) <= set(reference.currencies()["currency_code"])


# ------------------------------------------------------------------ objective ids
def test_check_objective_ids_sorts_and_deduplicates():
    assert reference.check_objective_ids([20, 1, 20]) == [1, 20]
    assert reference.check_objective_ids(5) == [5]
    assert reference.check_objective_ids([]) == []


@pytest.mark.parametrize("bad", [[0], [24], [True], ["3"], [2.5], "1,2"])
def test_check_objective_ids_refuses_non_objectives(bad):
    with pytest.raises(ParameterError, match="from 1 to 23"):
        reference.check_objective_ids(bad)


def test_check_objective_ids_names_every_bad_id():
    with pytest.raises(ParameterError, match=re.escape("found 0, 24")):
        reference.check_objective_ids([0, 3, 24])
