"""Who can fund what: eligibility, fit and partner strategy (funding.matching)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from gcm_analysis import indicators_panel, io, reference
from gcm_analysis.funding import matching

REFS = reference.funding_reference()


def gaps_for(iso3: str, rows: list[tuple[int, bool, float]],
             currency: str = "USD") -> pd.DataFrame:
    """One gap cell per (objective, essential, gap) in 2027."""
    return pd.DataFrame({
        "intervention_id": [f"{iso3}-{o:02d}" for o, _, _ in rows],
        "intervention_name": [f"Intervention {o}" for o, _, _ in rows],
        "objective_id": [o for o, _, _ in rows],
        "is_essential": [e for _, e, _ in rows], "year": 2027, "ministry": "M",
        "cost_amount": [g * 2 for _, _, g in rows],
        "gap_amount": [g for _, _, g in rows], "currency": currency,
        "price_year": 2027})


@pytest.fixture(scope="module")
def latest() -> pd.DataFrame:
    return indicators_panel.latest_values(io.read_processed("country_indicators"),
                                          with_skipped=False)


@pytest.fixture(scope="module")
def countries() -> pd.DataFrame:
    return io.read_processed("countries")


def profile(countries, latest, iso3, lang="en"):
    return matching.country_funding_profile(countries, latest, iso3,
                                            REFS.country_exceptions, lang)


def leads(matches: pd.DataFrame) -> dict[int, str]:
    rows = matches[matches["is_lead"]]
    return dict(zip(rows["objective_id"], rows["source_type_code"], strict=True))


# ------------------------------------------------------------- reference data
def test_rules_are_sourced_flagged_and_cover_every_source_type():
    rules = REFS.source_rules
    assert rules["rule_id"].is_unique
    codes = set(REFS.source_guidance["source_type_code"])
    assert set(rules["source_type_code"]) == codes
    assert rules["status"].isin(reference.STATUS_VALUES).all()
    assert rules["rule_kind"].isin(["eligibility", "fit"]).all()
    assert rules["source"].str.len().gt(10).all()
    for row in rules.itertuples(index=False):
        assert re.search(r"\[(V|P|U)\]", row.text_en), row.rule_id
        # nothing of ours presented as a fund's rule
        if row.is_our_rule:
            assert "[U]" in row.text_en and row.status != "verified", row.rule_id
            assert re.search(r"\bours?\b", row.text_en + row.source), row.rule_id
        assert set(re.findall(r"{(\w+)}", row.text_en)) == set(
            re.findall(r"{(\w+)}", row.text_fr)), row.rule_id
        assert not re.search(r" [;:%]", row.text_fr), row.rule_id  # U+202F in French


def test_country_exceptions_are_flagged_unverified_with_a_vintage(countries):
    exceptions = REFS.country_exceptions
    assert exceptions["status"].eq("unverified").all()
    assert exceptions["vintage"].str.len().gt(0).all()
    assert exceptions["iso3"].isin(countries["iso3"]).all()
    assert exceptions["attribute"].isin(["has_resident_coordinator",
                                         "is_oda_eligible"]).all()
    assert not exceptions.duplicated(["iso3", "attribute"]).any()


# --------------------------------------------------------------- the country
def test_proxy_and_exceptions_decide_resident_coordinator_and_oda(countries, latest):
    portugal = profile(countries, latest, "PRT")
    assert portugal.has_resident_coordinator is False
    assert portugal.is_oda_eligible is False
    assert "proxy" in portugal.bases["has_resident_coordinator"]
    chile = profile(countries, latest, "CHL")  # high income, listed exception
    assert chile.has_resident_coordinator is True and chile.is_oda_eligible is False
    assert "exception" in chile.bases["has_resident_coordinator"]
    russia = profile(countries, latest, "RUS")  # upper middle, not on the DAC list
    assert russia.is_oda_eligible is False
    table = matching.country_eligibility_table(portugal, REFS.country_exceptions)
    row = table.set_index("attribute").loc["has_resident_coordinator"]
    assert row["value"] == "False" and row["status"] == "unverified"
    assert "emigrants_pct_population" in set(table["attribute"])


# ------------------------------------------------------------------ matching
def test_philippines_objective_19_goes_to_the_diaspora_with_its_figures(countries,
                                                                        latest):
    phl = profile(countries, latest, "PHL")
    matches = matching.match_sources(gaps_for("PHL", [(19, False, 2e6),
                                                      (20, False, 4e6)]),
                                     phl, refs=REFS)
    assert leads(matches) == {19: "diaspora_contributions", 20: "remittances"}
    lead19 = matches[matches["is_lead"] & (matches["objective_id"] == 19)].iloc[0]
    emigrants = phl.figures["emigrants_pct_population"][0]
    assert f"{emigrants:.1f}%" in lead19["reason"]  # the country's own figure
    assert "(2020, UN DESA)" in lead19["reason"]
    assert lead19["fit_score"] > matches.loc[
        (matches["objective_id"] == 19) & (matches["source_type_code"]
                                           == "domestic_budget"), "fit_score"].item()


def test_portugal_gets_no_joint_sdg_fund_nor_mptf_and_says_why(countries, latest):
    prt = profile(countries, latest, "PRT")
    matches = matching.match_sources(gaps_for("PRT", [(1, True, 1e6), (6, False, 5e5),
                                                      (19, False, 2e6)]),
                                     prt, refs=REFS)
    for code in ("sdg_funds", "migration_mptf", "bilateral_development_partners"):
        rows = matches[matches["source_type_code"] == code]
        assert len(rows) == 3 and not rows["is_eligible"].any()
        assert rows["match_rank"].isna().all()
    sdg = matches[matches["source_type_code"] == "sdg_funds"].iloc[0]["reason"]
    assert sdg.startswith("Not eligible") and "no UN Resident Coordinator" in sdg
    assert leads(matches)[19] == "diaspora_contributions"
    assert leads(matches)[1] == "domestic_budget"  # high income, essential


def test_domestic_is_not_first_everywhere_and_mptf_depends_on_partners(countries,
                                                                      latest):
    phl = profile(countries, latest, "PHL")
    gaps = gaps_for("PHL", [(1, False, 2e6), (3, False, 2e6)])
    interventions = pd.DataFrame({
        "intervention_id": ["PHL-01", "PHL-03"],
        "lead_ministry": ["Statistics office", "Foreign affairs"],
        "partners": ["Labour ministry; Local governments", "Foreign affairs"]})
    matches = matching.match_sources(gaps, phl, refs=REFS,
                                     interventions=interventions)
    assert leads(matches)[1] == "migration_mptf"
    mptf3 = matches[(matches["objective_id"] == 3)
                    & (matches["source_type_code"] == "migration_mptf")].iloc[0]
    assert not mptf3["is_eligible"]
    assert "more than one government entity" in mptf3["reason"]
    # without partners (a starter plan) the rule is left to confirm, not failed
    unknown = matching.match_sources(gaps, phl, refs=REFS)
    mptf = unknown[unknown["source_type_code"] == "migration_mptf"]
    assert mptf["is_eligible"].all() and mptf["to_confirm"].str.len().gt(0).all()


def test_every_intervention_has_a_ranked_lead_and_french_reasons(countries, latest):
    phl = profile(countries, latest, "PHL", "fr")
    gaps = gaps_for("PHL", [(o, o % 2 == 0, 1e5 * o) for o in range(1, 24)])
    matches = matching.match_sources(gaps, phl, refs=REFS, lang="fr")
    assert matches[["intervention_id", "source_type_code"]].duplicated().sum() == 0
    assert matches.groupby("intervention_id")["is_lead"].sum().eq(1).all()
    ranked = matches[matches["is_eligible"]]
    for _, part in ranked.groupby("intervention_id"):
        assert part["match_rank"].tolist() == list(range(1, len(part) + 1))
        assert part["fit_score"].is_monotonic_decreasing
    assert matches["reason"].str.contains("Non éligible|Adéquation").all()
    # the Migration MPTF is not proposed for every objective: it leads some only
    led = list(leads(matches).values())
    assert 0 < led.count("migration_mptf") < len(led)


def test_partner_strategy_asks_add_up_to_the_gaps_and_respect_the_calendar(
        countries, latest):
    phl = profile(countries, latest, "PHL")
    gaps = gaps_for("PHL", [(1, True, 1e6), (19, False, 2e6), (20, False, 3e6)])
    matches = matching.match_sources(gaps, phl, refs=REFS)
    strategy = matching.build_partner_strategy(
        matches, refs=REFS, run_date=dt.date(2026, 12, 6))
    assert strategy["ask_amount"].sum() == pytest.approx(gaps["gap_amount"].sum())
    assert strategy["n_interventions"].sum() == 3
    assert (strategy["approach_by"] >= "2027-01").all()  # never before the run
    late = strategy.set_index("source_type_code").loc["diaspora_contributions"]
    assert bool(late["is_late"])  # 24 months' lead time cannot be met for 2027
    assert "USD 2.0 million" in late["what_to_ask"]
