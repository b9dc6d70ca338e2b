"""Resource mobilisation (gcm_analysis.funding, funding_sheets, reporting.funding)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from gcm_analysis import funding as fd
from gcm_analysis import funding_sheets as fs
from gcm_analysis import plan, reference
from gcm_analysis.errors import InputError, ParameterError
from gcm_analysis.funding.vocabulary import SHARES
from gcm_analysis.reporting import funding as report

TOL = 1e-6

#: The curated reference tables the funding functions take.
REFS = reference.funding_reference()
RAG = REFS.rag_thresholds


# ----------------------------------------------------------------- helpers
def make_costs(rows: list[tuple]) -> pd.DataFrame:
    """rows: (intervention, objective, year, ministry, essential, amount[, rank])."""
    frame = pd.DataFrame(
        [r[:6] for r in rows],
        columns=["intervention_id", "objective_id", "year", "ministry", "is_essential",
                 "amount"])
    frame["currency"] = "USD"
    frame["price_year"] = 2025
    if any(len(r) > 6 for r in rows):
        frame["priority_rank"] = [r[6] if len(r) > 6 else np.nan for r in rows]
    return frame


def make_funding(rows: list[dict]) -> pd.DataFrame:
    """Build a prepared funding table from short dicts (defaults filled in)."""
    base = {"source_id": pd.NA, "source_name": "Source", "source_type_code":
            "domestic_budget", "status": "secured", "likelihood": pd.NA, "year": 2025,
            "amount": 0.0, "currency": "USD", "price_year": 2025,
            "earmark_objective_id": pd.NA, "earmark_intervention_id": pd.NA,
            "can_reallocate_in_crisis": False, "conditions": pd.NA}
    table = pd.DataFrame([{**base, **r} for r in rows], columns=list(base))
    if not rows:
        return fs.empty_funding()
    return fs.prepare_funding(table)


@pytest.fixture()
def costs():
    return make_costs([
        ("E1", 5, 2025, "Labour", True, 100.0),
        ("E1", 5, 2026, "Labour", True, 100.0),
        ("N1", 5, 2025, "Labour", False, 80.0),
        ("N2", 20, 2025, "Finance", False, 200.0),
        ("N2", 20, 2026, "Finance", False, 200.0),
        ("E2", 1, 2025, "Statistics", True, 50.0),
    ])


@pytest.fixture()
def funding():
    return make_funding([
        {"source_name": "Budget", "amount": 150.0},
        {"source_name": "Budget", "status": "pledged", "year": 2026, "amount": 100.0},
        {"source_name": "MPTF JP", "source_type_code": "migration_mptf",
         "status": "pipeline", "amount": 60.0, "earmark_objective_id": 5},
        {"source_name": "Diaspora bond", "source_type_code": "diaspora_contributions",
         "status": "to_be_mobilised", "likelihood": 0.3, "year": 2026, "amount": 50.0,
         "earmark_objective_id": 20},
    ])


def check_invariants(costs: pd.DataFrame, funding: pd.DataFrame) -> None:
    """Every invariant of an allocation, on any plan."""
    allocations = fd.allocate_funding(costs, funding)
    gaps = fd.compute_gaps(costs, allocations, RAG)
    lines = fd.summarise_funding_lines(funding, allocations, costs)
    scale = max(1.0, float(costs["amount"].sum()) + float(funding["amount"].sum()))
    tol = 1e-9 * scale
    # committed + gap = cost, expected + risk-adjusted gap = cost, in every cell
    assert np.allclose(gaps["committed_amount"] + gaps["gap_amount"],
                       gaps["cost_amount"], rtol=0, atol=tol)
    committed = gaps[["secured_amount", "pledged_amount"]].sum(axis=1)
    assert np.allclose(committed, gaps["committed_amount"], rtol=0, atol=tol)
    expected = gaps["expected_funded_amount"] + gaps["risk_adjusted_gap_amount"]
    assert np.allclose(expected, gaps["cost_amount"], rtol=0, atol=tol)
    by_status = gaps[[f"{s}_amount" for s in fs.STATUS_CODES]].sum(axis=1)
    assert np.allclose(by_status, gaps["allocated_amount"], rtol=0, atol=tol)
    assert (gaps["gap_amount"] >= 0).all()
    assert (gaps["risk_adjusted_gap_amount"] >= 0).all()
    # likelihood bounds: 0 <= expected <= allocated; every share in [0, 1] and
    # equal to its numerator over the cost
    assert (gaps["expected_funded_amount"] >= -tol).all()
    assert (gaps["expected_funded_amount"] <= gaps["allocated_amount"] + tol).all()
    for share, (numerator, denominator) in SHARES.items():
        assert gaps[share].dropna().between(0, 1).all()
        paid = gaps[denominator] > 0
        assert np.allclose(gaps.loc[paid, share], (gaps.loc[paid, numerator]
                                                   / gaps.loc[paid, denominator]))
    # no double counting: allocations are positive and no line gives more than it has
    assert (allocations["amount"] > 0).all()
    given_by_line = allocations.groupby("funding_line_id")["amount"].sum()
    available = funding.set_index("funding_line_id")["amount"]
    assert (given_by_line <= available.reindex(given_by_line.index) + tol).all()
    assert np.allclose(lines["allocated_amount"] + lines["unallocated_amount"],
                       lines["amount"], rtol=0, atol=tol)
    assert abs(allocations["amount"].sum() - gaps["allocated_amount"].sum()) <= tol
    # every allocation respects its line's year and earmark
    merged = allocations.merge(funding, on="funding_line_id", suffixes=("", "_line"))
    assert (merged["year"] == merged["year_line"]).all()
    earmarked = merged["earmark_intervention_id"].notna()
    assert (merged.loc[earmarked, "intervention_id"]
            == merged.loc[earmarked, "earmark_intervention_id"]).all()
    by_objective = merged["earmark_objective_id"].notna()
    assert (merged.loc[by_objective, "objective_id"]
            == merged.loc[by_objective, "earmark_objective_id"]).all()
    # essential interventions first: a year with an essential cost not fully
    # allocated gave no unearmarked money to non-essential interventions
    uncovered = gaps["cost_amount"] - gaps["allocated_amount"]
    for year, cells in gaps.assign(uncovered=uncovered).groupby("year"):
        if (cells.loc[cells["is_essential"], "uncovered"] > tol).any():
            unearmarked = allocations[(allocations["year"] == year)
                                      & (allocations["step"] == "unearmarked")]
            assert (unearmarked["is_essential"]).all()
    # maximal use: money left on an unearmarked line means every cost of its year
    # is covered
    left = lines[(lines["unallocated_amount"] > tol)
                 & lines["earmark_objective_id"].isna()
                 & lines["earmark_intervention_id"].isna()]
    for year in left["year"].unique():
        assert (uncovered[gaps["year"] == year] <= tol).all()


# ----------------------------------------------------------------- allocation
def test_allocation_fills_earmarks_first_then_essential_then_the_rest(costs, funding):
    allocations = fd.allocate_funding(costs, funding)
    gaps = fd.compute_gaps(costs, allocations, RAG).set_index(
        ["intervention_id", "year"])
    # objective-5 MPTF money (60) goes to essential E1 first; the secured budget
    # (150) then covers E2 (50), the rest of E1 (40) and 60 of N1.
    assert gaps.at[("E1", 2025), "pipeline_amount"] == 60.0
    assert gaps.at[("E1", 2025), "secured_amount"] == 40.0
    assert gaps.at[("E2", 2025), "secured_amount"] == 50.0
    assert gaps.at[("N1", 2025), "committed_amount"] == 60.0
    # pipeline money is allocated but not committed: it stays inside the gap
    assert gaps.at[("E1", 2025), "committed_amount"] == 40.0
    assert gaps.at[("E1", 2025), "gap_amount"] == gaps.at[("E1", 2025),
                                                          "cost_amount"] - 40.0
    assert gaps.at[("N1", 2025), "gap_amount"] == 20.0
    assert gaps.at[("N2", 2025), "gap_amount"] == 200.0
    assert gaps.at[("N2", 2026), "to_be_mobilised_amount"] == 50.0
    assert gaps.at[("N2", 2026), "expected_funded_amount"] == pytest.approx(15.0)
    assert gaps.at[("E1", 2026), "pledged_amount"] == 100.0
    assert gaps.at[("E1", 2026), "risk_adjusted_gap_amount"] == pytest.approx(20.0)
    assert gaps.at[("N2", 2025), "rag_code"] == "red"
    assert gaps.at[("E2", 2025), "rag_code"] == "green"
    assert gaps.at[("E1", 2026), "rag_code"] == "amber"


def test_intervention_earmark_is_honoured_and_surplus_stays_unallocated(costs):
    funding = make_funding([
        {"source_name": "Donor", "source_type_code": "bilateral_development_partners",
         "amount": 500.0, "earmark_intervention_id": "N1", "earmark_objective_id": 5},
        {"source_name": "Budget", "amount": 10.0},
    ])
    allocations = fd.allocate_funding(costs, funding)
    donor = allocations[allocations["funding_line_id"] == 1]
    assert set(donor["intervention_id"]) == {"N1"}
    assert donor["amount"].sum() == 80.0
    lines = fd.summarise_funding_lines(funding, allocations, costs).set_index(
        "funding_line_id")
    assert lines.at[1, "unallocated_amount"] == 420.0
    assert lines.at[1, "unallocated_reason"] == "earmark_covered"
    budget = allocations[allocations["funding_line_id"] == 2]
    assert budget["is_essential"].all()  # unearmarked money went to essential first


def test_money_of_a_year_without_cost_is_reported_unallocated(costs):
    funding = make_funding([{"amount": 100.0, "year": 2031},
                            {"amount": 5.0, "earmark_objective_id": 23}])
    allocations = fd.allocate_funding(costs, funding)
    assert allocations.empty
    lines = fd.summarise_funding_lines(funding, allocations, costs)
    assert lines["unallocated_reason"].tolist() == ["outside_plan_years",
                                                    "earmark_without_cost"]


def test_priority_rank_orders_non_essential_interventions():
    costs = make_costs([("A", 5, 2025, "M", False, 100.0, 2),
                        ("B", 6, 2025, "M", False, 100.0, 1),
                        ("C", 7, 2025, "M", False, 100.0)])
    allocations = fd.allocate_funding(costs, make_funding([{"amount": 150.0}]))
    funded = allocations.groupby("intervention_id")["amount"].sum()
    assert funded.to_dict() == {"A": 50.0, "B": 100.0}


def test_secured_money_goes_to_essential_interventions_before_uncertain_money():
    costs = make_costs([("E", 5, 2025, "M", True, 100.0),
                        ("N", 5, 2025, "M", False, 100.0)])
    funding = make_funding([
        {"source_name": "Call", "status": "pipeline", "amount": 100.0},
        {"source_name": "Budget", "status": "secured", "amount": 100.0},
    ])
    allocations = fd.allocate_funding(costs, funding)
    essential = allocations[allocations["intervention_id"] == "E"]
    assert essential["status"].tolist() == ["secured"]


def test_no_funding_at_all_leaves_the_whole_cost_as_gap(costs):
    allocations = fd.allocate_funding(costs, fs.empty_funding())
    gaps = fd.compute_gaps(costs, allocations, RAG)
    assert allocations.empty
    assert (gaps["gap_amount"] == gaps["cost_amount"]).all()
    assert (gaps["rag_code"] == "red").all()


def test_summarise_gaps_adds_up_and_recomputes_rag(costs, funding):
    gaps = fd.compute_gaps(
        costs, fd.allocate_funding(costs, funding), RAG)
    by_objective = fd.summarise_gaps(gaps, ["objective_id"], RAG).set_index(
        "objective_id")
    total = fd.summarise_gaps(gaps, [], RAG)
    assert by_objective["cost_amount"].sum() == total["cost_amount"].iloc[0] == 730.0
    assert by_objective.at[20, "rag_code"] == "red"
    assert list(total.columns[:1]) == ["cost_amount"]


def test_summing_across_currencies_raises(costs, funding):
    gaps = fd.compute_gaps(
        costs, fd.allocate_funding(costs, funding), RAG)
    mixed = gaps.assign(currency=np.where(gaps["objective_id"] == 1, "EUR", "USD"))
    with pytest.raises(InputError, match="different currencies"):
        fd.summarise_gaps(mixed, ["year"], RAG)
    bad = costs.assign(currency=np.where(costs["objective_id"] == 1, "EUR", "USD"))
    with pytest.raises(InputError, match="more than one currency"):
        fd.prepare_costs(bad)


def test_funding_in_another_currency_or_price_year_is_refused_with_its_line(costs):
    funding = make_funding([{"amount": 10.0, "currency": "EUR"},
                            {"amount": 10.0, "price_year": 2024}])
    problems = fd.check_funding_against_costs(funding, costs)
    assert [p.column for p in problems] == ["currency", "price_year"]
    assert "funding line 1" in problems[0].message
    with pytest.raises(InputError, match="funding line 2"):
        fd.allocate_funding(costs, funding)


def test_bad_costs_are_reported_with_their_rows():
    bad = make_costs([("A", 24, 2025, "M", True, -5.0),
                      ("B", 5, 2025, "M", False, 1.0)])
    with pytest.raises(InputError) as caught:
        fd.prepare_costs(bad, file="budget_lines.csv")
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {(2, "amount"), (2, "objective_id")}


def test_convert_funding_prices_uses_the_price_index():
    funding = make_funding([{"amount": 102.5, "year": 2026, "price_year": 2026}])
    index = pd.DataFrame({"year": [2025, 2026], "price_index": [1.0, 1.025]})
    converted = fd.convert_funding_prices(funding, index, 2025)
    assert converted["amount"].iloc[0] == pytest.approx(100.0)
    assert int(converted["price_year"].iloc[0]) == 2025
    with pytest.raises(InputError, match="no price index"):
        fd.convert_funding_prices(funding.assign(price_year=pd.array([2030],
                                                                     dtype="Int64")),
                                  index, 2025)


# ------------------------------------------------------------ property tests
AMOUNTS = st.one_of(st.integers(0, 10**7).map(float),
                    st.floats(0, 1e7, allow_nan=False, allow_infinity=False))
OBJECTIVES = [1, 5, 19, 20]


@st.composite
def random_plans(draw):
    years = draw(st.lists(st.integers(2025, 2027), min_size=1, max_size=3, unique=True))
    rows = []
    ids = []
    for k in range(draw(st.integers(1, 6))):
        intervention = f"I{k}"
        objective = draw(st.sampled_from(OBJECTIVES))
        essential = draw(st.booleans())
        rank = draw(st.one_of(st.none(), st.integers(1, 4)))
        ids.append((intervention, objective))
        for year in years:
            for ministry in draw(st.lists(st.sampled_from(["A", "B"]), max_size=2,
                                          unique=True)):
                rows.append((intervention, objective, year, ministry, essential,
                             draw(AMOUNTS), np.nan if rank is None else rank))
    if not rows:
        rows.append(("I0", ids[0][1], years[0], "A", True, 1.0, np.nan))
    costs = make_costs(rows)
    lines = []
    for k in range(draw(st.integers(0, 8))):
        earmark = draw(st.sampled_from(["none", "objective", "intervention"]))
        line = {
            "source_id": f"S{draw(st.integers(0, 3))}", "source_name": f"Source {k}",
            "source_type_code": draw(st.sampled_from(fs.SOURCE_TYPE_CODES)),
            "status": draw(st.sampled_from(fs.STATUS_CODES)),
            "likelihood": draw(st.one_of(st.just(pd.NA), st.floats(0, 1))),
            "year": draw(st.sampled_from([*years, 2031])), "amount": draw(AMOUNTS),
            "can_reallocate_in_crisis": draw(st.booleans()),
        }
        if earmark == "objective":
            line["earmark_objective_id"] = draw(st.sampled_from([*OBJECTIVES, 8]))
        elif earmark == "intervention":
            intervention, objective = draw(st.sampled_from(ids))
            line["earmark_intervention_id"] = intervention
            if draw(st.booleans()):
                line["earmark_objective_id"] = objective
        lines.append(line)
    return costs, make_funding(lines)


PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(random_plans())
def test_random_plans_conserve_money_and_honour_the_rule(plan_pair):
    costs, funding = plan_pair
    check_invariants(costs, funding)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(random_plans(), st.floats(0, 1), st.booleans())
def test_random_shocks_keep_every_invariant_and_protect_essential_first(
        plan_pair, share, every_year):
    costs, funding = plan_pair
    year = None if every_year else int(costs["year"].min())
    shocked = fd.shock_funding(funding, fs.SOURCE_TYPE_CODES[:6], (), share, year)
    assert (shocked["amount"] <= shocked["baseline_amount"] + TOL).all()
    assert np.allclose(shocked["baseline_amount"] - shocked["amount"],
                       shocked["shock_cut_amount"])
    check_invariants(costs, shocked)
    baseline = fd.compute_gaps(
        costs, fd.allocate_funding(costs, funding), RAG)
    crisis = fd.compute_gaps(
        costs, fd.allocate_funding(costs, shocked), RAG)
    comparison = fd.compare_scenarios(baseline, crisis)
    outcome = fd.summarise_crisis(comparison)
    assert set(outcome["outcome"]) <= set(fd.CRISIS_OUTCOMES)
    assert len(outcome) == costs["intervention_id"].nunique()
    if not shocked["is_earmark_lifted"].any():
        slack = 1e-6 * (1 + baseline["cost_amount"].sum())
        assert (crisis["allocated_amount"].sum()
                <= baseline["allocated_amount"].sum() + slack)


@PROPERTY
@given(random_plans())
def test_every_candidate_in_the_mobilisation_plan_has_a_checkable_reason(plan_pair):
    costs, funding = plan_pair
    allocations = fd.allocate_funding(costs, funding)
    gaps = fd.compute_gaps(costs, allocations, RAG)
    table = fd.build_mobilisation_plan(gaps, allocations, max_candidates=None,
                                       refs=REFS)
    gapped = fd.summarise_gaps(gaps, ["objective_id"], RAG)
    gapped = set(gapped.loc[gapped["gap_amount"] >= fd.MIN_PLAN_GAP,
                            "objective_id"])
    assert set(table["objective_id"]) == gapped
    check_candidates(table)


def check_candidates(table: pd.DataFrame) -> None:
    assert table["reason"].str.len().gt(40).all()
    assert table["channel"].str.len().gt(5).all()
    new = table[table["candidate_kind"] == "new_source"]
    assert new["reason"].str.contains(r"\[(?:V|P|U)\]").all()
    assert new["reference"].str.startswith("https://").all()
    assert new["fact_status"].isin(reference.STATUS_VALUES).all()
    follow = table[table["candidate_kind"] == "follow_up"]
    assert follow["reference"].str.contains("funding line").all()
    assert table["approach_by"].str.fullmatch(r"\d{4}-\d{2}").all()
    for _, group in table.groupby("objective_id"):
        assert group["candidate_rank"].tolist() == list(range(1, len(group) + 1))
        kinds = group["candidate_kind"].tolist()
        assert kinds == sorted(kinds)  # follow-ups before new sources


# ------------------------------------------------------- mobilisation plan
def test_mobilisation_plan_names_the_right_sources_for_each_objective(costs, funding):
    allocations = fd.allocate_funding(costs, funding)
    gaps = fd.compute_gaps(costs, allocations, RAG)
    table = fd.build_mobilisation_plan(gaps, allocations, max_candidates=None,
                                       refs=REFS)
    check_candidates(table)
    remittance = table[table["objective_id"] == 20]
    assert remittance["candidate_kind"].iloc[0] == "follow_up"
    assert remittance["source_name"].iloc[0] == "Diaspora bond"
    new = remittance[remittance["candidate_kind"] == "new_source"]["source_type_code"]
    assert new.iloc[0] == "domestic_budget"
    assert {"diaspora_contributions", "remittances", "migration_mptf"} <= set(new)
    targeted = new.tolist()
    assert targeted.index("diaspora_contributions") < targeted.index("sdg_funds")
    objective_5 = table[table["objective_id"] == 5]
    assert "diaspora_contributions" not in set(objective_5["source_type_code"])
    sdg = table[table["source_type_code"] == "sdg_funds"]
    assert sdg["channel"].str.contains("Resident Coordinator").all()
    mptf = table[(table["source_type_code"] == "migration_mptf")
                 & (table["candidate_kind"] == "new_source")]
    assert mptf["reason"].str.contains("USD 2 million").all()
    assert mptf["reason"].str.contains("thematic area").all()
    # approach by = first year with a gap minus the lead time (12 months -> Jan of
    # the year before)
    assert set(mptf.loc[mptf["needed_from_year"] == 2025, "approach_by"]) == {"2024-01"}


def test_mobilisation_plan_is_translated(costs, funding):
    allocations = fd.allocate_funding(costs, funding)
    gaps = fd.compute_gaps(costs, allocations, RAG)
    table = fd.build_mobilisation_plan(gaps, allocations, lang="fr", refs=REFS)
    sdg = table[table["source_type_code"] == "sdg_funds"]
    assert sdg.empty or sdg["channel"].str.contains("coordonnateur résident").all()
    assert table["reason"].str.contains("objectif").any()


# ------------------------------------------------------------------ crisis
def crisis_case():
    costs = make_costs([
        ("ESS", 7, 2025, "Interior", True, 100.0),
        ("OTH", 16, 2025, "Social", False, 100.0),
        ("OTH", 16, 2026, "Social", False, 100.0),
    ])
    funding = make_funding([
        {"source_id": "DONOR", "source_name": "Donor grant",
         "source_type_code": "bilateral_development_partners", "amount": 100.0,
         "earmark_intervention_id": "ESS"},
        {"source_id": "BUDGET", "source_name": "Budget", "amount": 100.0},
        {"source_id": "BUDGET", "source_name": "Budget", "amount": 100.0,
         "year": 2026},
    ])
    return costs, funding


def test_a_shock_removing_a_large_source_protects_essential_and_says_what_waits():
    costs, funding = crisis_case()
    baseline = fd.compute_gaps(
        costs, fd.allocate_funding(costs, funding), RAG)
    shocked = fd.shock_funding(funding, source_ids=["DONOR"], share=1.0, year=2025)
    crisis = fd.compute_gaps(
        costs, fd.allocate_funding(costs, shocked), RAG)
    comparison = fd.compare_scenarios(baseline, crisis)
    outcome = fd.summarise_crisis(comparison).set_index("intervention_id")
    assert outcome.at["ESS", "is_protected"]
    assert outcome.at["ESS", "crisis_allocated_amount"] == 100.0
    assert outcome.at["OTH", "outcome"] == "delayed"
    assert outcome.at["OTH", "affected_years"] == "2025"
    assert "2025" in outcome.at["OTH", "explanation"]
    totals = fd.crisis_totals(comparison, shocked)
    indexed = totals.set_index("measure")
    assert indexed.at["cut", "crisis_amount"] == 100.0
    assert indexed.at["gap_essential", "crisis_amount"] == 0.0
    shock = {"source_types": [], "source_ids": ["DONOR"], "year": 2025,
             "is_default": False}
    text = report.describe_crisis(shock, 1.0, totals, fd.summarise_crisis(comparison))
    assert "Delayed: OTH" in text
    assert ("Essential interventions that had money before the shock and keep all "
            "of it: 1 of 1") in text


def test_lifting_an_earmark_in_a_crisis_moves_it_to_essential_interventions():
    costs = make_costs([("ESS", 7, 2025, "M", True, 100.0),
                        ("OTH", 16, 2025, "M", False, 100.0)])
    funding = make_funding([
        {"source_id": "BUDGET", "amount": 100.0},
        {"source_id": "FLEX", "source_type_code": "foundations", "amount": 100.0,
         "earmark_intervention_id": "OTH", "can_reallocate_in_crisis": True},
    ])
    shocked = fd.shock_funding(funding, source_types=["domestic_budget"], share=1.0,
                               year=2025)
    assert shocked["is_earmark_lifted"].tolist() == [False, True]
    crisis = fd.allocate_funding(costs, shocked)
    assert crisis.groupby("intervention_id")["amount"].sum().to_dict() == {"ESS": 100.0}


def test_resolve_shock_defaults_to_the_largest_source_type_of_the_first_year(funding):
    shock = fd.resolve_shock(funding, year=0, base_year=2025)
    assert shock == {"source_types": ["domestic_budget"], "source_ids": [],
                     "year": 2025, "is_default": True}
    named = fd.resolve_shock(funding, ["migration_mptf"], year=2026)
    assert named["source_types"] == ["migration_mptf"] and not named["is_default"]


def test_shock_refuses_bad_share_and_unknown_type(funding):
    with pytest.raises(ValueError, match="from 0 to 1"):
        fd.shock_funding(funding, ["domestic_budget"], share=1.5)
    with pytest.raises(ValueError, match="unknown source types"):
        fd.shock_funding(funding, ["budget"], share=0.5)


# ------------------------------------------------------------- starter funding
@pytest.mark.parametrize("share", [0.0, 0.4, 0.99])
def test_starter_funding_is_illustrative_and_leaves_a_gap(costs, share):
    starter = fd.build_starter_funding(costs, share, refs=REFS)
    fs.check_funding_table(starter)
    assert starter["is_illustrative"].all()
    assert starter["source_name"].str.contains("illustrative").all()
    yearly = costs.groupby("year")["amount"].sum()
    assert np.allclose(starter.set_index("year")["amount"], yearly * share)
    gaps = fd.compute_gaps(
        costs, fd.allocate_funding(costs, starter), RAG)
    assert gaps["gap_amount"].sum() > 0
    with pytest.raises(ValueError):
        fd.build_starter_funding(costs, 1.2, refs=REFS)


def test_choose_run_funding_prefers_the_plan_and_checks_the_currency(costs, funding):
    lines, note = fd.choose_run_funding(costs, funding, currency="USD", refs=REFS)
    assert note == "" and len(lines) == len(funding)
    lines, note = fd.choose_run_funding(costs, None, domestic_share=0.25, lang="fr",
                                      refs=REFS)
    assert "25" in note and "illustratif" in note and lines["is_illustrative"].all()
    with pytest.raises(InputError, match="reporting currency"):
        fd.choose_run_funding(costs, funding, currency="EUR", refs=REFS)


# ------------------------------------------------------------------ sheets
def funding_sheet(**changes):
    sheet = pd.DataFrame({
        "source_name": ["Budget", "Donor"], "source_type_code": ["domestic_budget",
                                                                 "migration_mptf"],
        "status": ["secured", "pipeline"], "likelihood": ["", 0.4],
        "year": [2025, 2025], "amount": [50000, 60000], "currency": ["USD", "USD"],
        "price_year": [2025, 2025], "earmark_objective_id": ["", 5],
        "earmark_intervention_id": ["", "I1"], "can_reallocate_in_crisis": ["", "yes"],
    }).astype(object)
    for column, (row, value) in changes.items():
        sheet.loc[row, column] = value
    return sheet


INTERVENTIONS = pd.DataFrame({"intervention_id": ["I1", "I2"], "objective_id": [5, 20]})


def test_a_valid_funding_sheet_is_prepared_with_default_likelihoods():
    typed, problems = fs.validate_funding_sheet(funding_sheet(),
                                                interventions=INTERVENTIONS)
    assert problems == []
    prepared = fs.prepare_funding(typed)
    fs.check_funding_table(prepared)
    assert prepared["likelihood"].tolist() == [1.0, 0.4]
    assert prepared["likelihood_basis"].tolist() == ["status_default", "user"]
    assert prepared["source_id"].tolist() == ["Budget", "Donor"]
    assert prepared["can_reallocate_in_crisis"].tolist() == [False, True]


def test_a_minimal_funding_sheet_without_optional_columns_is_accepted():
    sheet = funding_sheet().drop(columns=["likelihood", "earmark_objective_id",
                                          "earmark_intervention_id",
                                          "can_reallocate_in_crisis"])
    typed, problems = fs.validate_funding_sheet(sheet)
    assert problems == []
    prepared = fs.prepare_funding(typed)
    assert prepared["likelihood"].tolist() == [1.0, 0.5]
    assert prepared["earmark_objective_id"].isna().all()


@pytest.mark.parametrize(("column", "value", "message"), [
    ("source_type_code", "mptf", "value not allowed"),
    ("status", "Secured", "value not allowed"),
    ("likelihood", 80, "value out of range"),
    ("year", "next year", "not a whole number"),
    ("amount", -1, "value out of range"),
    ("currency", "USDX", "unknown code"),
    ("earmark_objective_id", 24, "value out of range"),
    ("earmark_intervention_id", "I9", "no intervention with this id"),
    ("can_reallocate_in_crisis", "maybe", "not yes or no"),
])
def test_every_funding_vocabulary_error_is_reported_with_its_location(column, value,
                                                                      message):
    _, problems = fs.validate_funding_sheet(funding_sheet(**{column: (1, value)}),
                                            file="plan.xlsx",
                                            interventions=INTERVENTIONS)
    located = [p for p in problems if p.column == column]
    assert len(located) == 1, problems
    problem = located[0]
    assert (problem.file, problem.sheet, problem.row) == ("plan.xlsx", "funding", 3)
    assert message in problem.message
    assert problem.value is not None and problem.expected
    assert re.search(r"\(cell [A-Z]+3\)", problem.message)


def test_funding_earmarks_must_agree_and_currency_must_be_the_reporting_one():
    sheet = funding_sheet(earmark_objective_id=(1, 20), currency=(0, "EUR"))
    settings_ = plan.PlanSettings("PRT", "USD", 2025, 2, 0.0, 2.0)
    _, problems = fs.validate_funding_sheet(sheet, settings=settings_,
                                            interventions=INTERVENTIONS)
    assert {(p.row, p.column) for p in problems} == {
        (3, "earmark_intervention_id"), (2, "currency")}


@pytest.mark.parametrize(("column", "value", "expected_column"), [
    ("framework_code", "gender_budgeting", "framework_code"),
    ("item_id", 6, "item_id"),
    ("score", 4, "score"),
    ("score", "high", "score"),
])
def test_every_assessment_vocabulary_error_is_reported_with_its_location(
        column, value, expected_column):
    sheet = pd.DataFrame({"framework_code": ["ideal_budgeting_conditions",
                                             "plan_quality_criteria"],
                          "item_id": [1, 2], "score": [2, 3], "evidence": ["", "x"]}
                         ).astype(object)
    sheet.loc[0, column] = value
    _, problems = fs.validate_assessment_sheet(sheet, file="plan.xlsx")
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("assessment", 2, expected_column)]


def test_plan_validation_checks_the_registered_funding_and_assessment_sheets():
    assert {"funding", "assessment"} <= set(plan.sheet_specs())
    tables = {
        "settings": pd.DataFrame({
            "setting": ["country", "reporting_currency", "base_year", "horizon_years",
                        "contingency_pct", "inflation_pct"],
            "value": ["PRT", "USD", 2025, 2, 0, 2]}),
        "interventions": pd.DataFrame({
            "intervention_id": ["I1", "I2"], "objective_id": [5, 20],
            "title": ["Pathways", "Remittances"],
            "lead_ministry": ["Labour", "Finance"],
            "start_year": [2025, 2025], "end_year": [2026, 2026],
            "is_essential": ["yes", "no"]}),
        "funding": funding_sheet(status=(1, "maybe")),
        "assessment": pd.DataFrame({"framework_code": ["plan_quality_criteria"],
                                    "item_id": [11], "score": [1]}),
    }
    _, problems = plan.validate_tables(tables, "plan.xlsx")
    ours = [(p.sheet, p.row, p.column) for p in problems
            if p.sheet in ("funding", "assessment")]
    assert ours == [("funding", 3, "status"), ("assessment", 2, "item_id")]


def test_funding_table_schema_rejects_out_of_bounds_likelihood(funding):
    broken = funding.assign(likelihood=[1.0, 0.8, 1.2, 0.3])
    with pytest.raises(InputError, match="funding line 3"):
        fs.check_funding_table(broken)


# -------------------------------------------------------------- parameters
def test_check_funding_parameters_names_each_bad_parameter():
    assert fd.check_funding_parameters(**fd.PARAMETER_DEFAULTS, base_year=2025,
                                       horizon_years=3, country="PRT") == []
    problems = fd.check_funding_parameters(
        domestic_share=1.5, shock_share=-0.1, shock_source_types=["mptf"],
        shock_source_ids=[""], shock_year=2031, base_year=2025, horizon_years=3,
        max_candidates=0)
    text = "\n".join(problems)
    for name in ("domestic_share", "shock_share", "shock_source_types",
                 "shock_source_ids", "shock_year", "max_candidates"):
        assert f"'{name}'" in text
    assert "did you mean 'migration_mptf'" in text
    assert "2025 to 2027" in text
    with pytest.raises(ParameterError, match="domestic_share"):
        fd.validate_funding_parameters(domestic_share=2)


# ------------------------------------------------------------------ readiness
def test_readiness_keeps_unassessed_items_missing_and_labels_our_criteria():
    assessment = fs.prepare_assessment(pd.DataFrame({
        "framework_code": ["ideal_budgeting_conditions", "plan_quality_criteria"],
        "item_id": [1, 7], "score": [3, 1], "evidence": ["Decree 12/2024", pd.NA]}))
    readiness = fd.score_readiness(assessment, refs=REFS)
    assert len(readiness) == 25
    assert readiness["score"].notna().sum() == 2
    assert readiness.loc[readiness["score"].isna(), "score_label"].eq(
        "not assessed").all()
    criteria = readiness[readiness["framework_code"] == "plan_quality_criteria"]
    assert criteria["is_our_proposal"].all() and criteria["is_text_ours"].all()
    assert "our proposal" in criteria["framework_name"].iloc[0]
    summary = fd.summarise_readiness(readiness).set_index("framework_code")
    assert summary.at["ideal_budgeting_conditions", "mean_score"] == 3.0
    assert summary.at["plan_quality_criteria", "n_weak"] == 1
    assert np.isnan(summary.at["budget_governance_principles", "mean_score"])
    french = fd.score_readiness(assessment, "fr", refs=REFS)
    assert "proposition" in french.loc[french["framework_code"]
                                       == "plan_quality_criteria",
                                       "framework_name"].iloc[0]


def test_readiness_refuses_out_of_range_scores():
    bad = pd.DataFrame({"framework_code": ["ideal_budgeting_conditions"],
                        "item_id": pd.array([1], dtype="Int64"),
                        "score": pd.array([5], dtype="Int64"), "evidence": [""]})
    with pytest.raises(InputError, match="out of range"):
        fd.score_readiness(bad, refs=REFS)


def test_blank_assessment_lists_every_item():
    blank = fd.blank_assessment(refs=REFS)
    assert blank.groupby("framework_code").size().to_dict() == fs.FRAMEWORK_ITEMS
    assert blank["score"].isna().all()


# ---------------------------------------------------------------- agenda
def test_workshop_agenda_fills_the_eight_points_from_the_plan(costs, funding):
    tables = fd.compute_funding_tables(
        costs, funding, fs.prepare_assessment(None), max_candidates=2,
        needs=pd.DataFrame({"objective_id": [5, 20, 1], "rank": [1, 2, 3],
                            "need_score": [80.0, 60.0, np.nan]}), refs=REFS)
    agenda = tables["funding_workshop_agenda"]
    assert agenda["point_id"].tolist() == list(range(1, 9))
    assert agenda["from_the_plan"].str.len().gt(20).all()
    assert "USD 730" in agenda["from_the_plan"].iloc[7]
    assert "5 (Regular pathways)" in agenda["from_the_plan"].iloc[2]
    assert agenda["point_text"].iloc[0].startswith("The GCM objectives")


# ---------------------------------------------------------- stage tables
def test_compute_funding_tables_returns_every_run_table(costs, funding):
    tables = fd.compute_funding_tables(costs, funding, fs.prepare_assessment(None),
                                       shock_source_types=["domestic_budget"],
                                       refs=REFS)
    assert set(tables) == {
        "funding_sources", "funding_allocations", "funding_gaps",
        "funding_gap_by_objective", "funding_gap_by_year",
        "funding_gap_by_objective_year", "funding_gap_by_ministry",
        "funding_gap_total", "funding_by_source_type", "funding_mobilisation_plan",
        "funding_shock", "funding_crisis_cells", "funding_crisis",
        "funding_crisis_totals", "funding_readiness", "funding_readiness_summary",
        "funding_workshop_agenda", "funding_scenarios",
        "funding_scenario_interventions", "funding_scenario_objectives",
        "funding_partner_returns", "funding_partner_totals",
        "funding_partner_interests", "funding_budget_steps",
        "funding_budget_steps_summary",
        "funding_consultation_briefs"}  # matches need the country's facts
    shock = fd.shock_from_table(tables["funding_shock"])
    assert shock["source_types"] == ["domestic_budget"] and shock["year"] == 2025
    by_type = tables["funding_by_source_type"]
    assert by_type["available_amount"].sum() == funding["amount"].sum()
    # consultation briefs without the country's facts: three meetings, six
    # topics each, every figure read back from the table it names
    from gcm_analysis.funding.consultations import brief_figure

    briefs = tables["funding_consultation_briefs"]
    assert briefs.groupby("meeting_type")["topic"].nunique().to_dict() == {
        "government": 6, "non_governmental": 6, "funding_partners": 6}
    for _, row in briefs[briefs["figure"].notna()].iterrows():
        assert brief_figure(tables, row) == pytest.approx(row["figure"]), row["item"]


def test_costs_from_budget_maps_the_costing_stage_columns():
    budget = pd.DataFrame({
        "iso3": "PRT", "objective_id": [5, 5, 20], "intervention_id": ["A", "A", "B"],
        "line_id": ["A-01", "A-CONT", "B-01"], "year": 2025,
        "ministry": ["Labour", "Labour", "Finance"],
        "amount_constant": [100.0, 10.0, 50.0], "amount_nominal": [100.0, 10.0, 50.0],
        "currency": "USD", "price_year": 2025})
    interventions = pd.DataFrame({"intervention_id": ["A", "B"],
                                  "title": ["Pathways", "Remittances"],
                                  "is_essential": [True, np.nan]})
    selection = pd.DataFrame({"objective_id": [5, 20], "rank": [2, 1]})
    costs = fd.costs_from_budget(budget, interventions, selection)
    assert costs["amount"].tolist() == [100.0, 10.0, 50.0]
    assert costs["is_essential"].tolist() == [True, True, False]
    assert costs["priority_rank"].tolist() == [2, 2, 1]
    cells = fd.prepare_costs(costs)
    assert cells.loc[cells["intervention_id"] == "A", "amount"].item() == 110.0
    assert cells["intervention_id"].tolist() == ["A", "B"]  # essential first


# --------------------------------------------------------- reference tables
def test_vocabularies_agree_with_the_reference_tables():
    types = reference.funding_source_types().sort_values("display_order")
    assert tuple(types["source_type_code"]) == fs.SOURCE_TYPE_CODES
    defaults = fs.read_status_defaults()
    assert tuple(defaults["status_code"]) == fs.STATUS_CODES
    likely = defaults["default_likelihood"]
    assert likely.between(0, 1).all() and likely.is_monotonic_decreasing
    assert defaults["source"].str.contains("GCM Workbook assumption").all()
    guidance = fs.read_source_guidance()
    assert set(guidance["source_type_code"]) == set(fs.SOURCE_TYPE_CODES)
    assert guidance["source_url"].str.startswith("https://").all()
    assert guidance["reason_en"].str.contains(r"\[(?:V|P|U)\]").all()
    assert guidance["status"].isin(reference.STATUS_VALUES).all()
    assert guidance["is_first_resort"].sum() == 1
    sdg = guidance.set_index("source_type_code").loc["sdg_funds"]
    assert "Resident Coordinator" in sdg["channel_en"]
    assert set(fs.read_rag_thresholds()["rag_code"]) == {"green", "amber", "red"}
    assert fs.read_assessment_scale()["score"].tolist() == [0, 1, 2, 3]


def test_labels_have_both_languages_with_the_same_placeholders():
    labels = fs.read_labels()
    assert labels["label_key"].is_unique
    for en, fr in zip(labels["text_en"], labels["text_fr"], strict=True):
        assert isinstance(en, str) and en and isinstance(fr, str) and fr
        assert set(re.findall(r"{(\w+)}", en)) == set(re.findall(r"{(\w+)}", fr)), en
    keys = set(labels["label_key"])
    needed = ({f"crisis.explain.{o}" for o in fd.CRISIS_OUTCOMES}
              | {f"crisis.outcome.{o}" for o in fd.CRISIS_OUTCOMES}
              | {f"framework.{f}" for f in fs.FRAMEWORK_ITEMS}
              | {f"unallocated.{r}" for r in ("outside_plan_years",
                                             "earmark_without_cost",
                                             "earmark_covered", "costs_covered")})
    assert needed <= keys


LABEL_KEY = (r"\\?[\"']((?:heading|note|readiness|crisis|plan|agenda|starter|"
             r"framework|col|legend|axis|chart|kind|basis|unallocated|fact)"
             r"\.[a-z_.0-9]+)\\?[\"']")


def test_every_label_the_code_asks_for_exists(project_root):
    keys = set(fs.read_labels()["label_key"])
    sources = [*sorted((project_root / "gcm_analysis" / "funding").glob("*.py")),
               project_root / "gcm_analysis" / "reporting" / "funding.py",
               project_root / "notebooks" / "04_resource_mobilisation.ipynb"]
    asked = set()
    for path in sources:
        asked |= set(re.findall(LABEL_KEY, path.read_text(encoding="utf-8")))
    assert asked and asked <= keys, asked - keys


def test_format_money_in_both_languages():
    assert fd.format_money(2_500_000, "USD") == "USD 2.5 million"
    assert fd.format_money(2_500_000, "EUR", "fr") == "2,5\u00a0millions\u00a0EUR"
    assert fd.format_money(1_400_000, "EUR", "fr") == "1,4\u00a0million\u00a0EUR"
    assert fd.format_money(1234, "USD", "fr") == "1\u202f234\u00a0USD"
    assert fd.format_money(float("nan"), "USD") == "—"


# ---------------------------------------------------------------- reporting
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_figures_and_tables_render(costs, funding, lang):
    assessment = fs.prepare_assessment(pd.DataFrame({
        "framework_code": ["budget_governance_principles"], "item_id": [2],
        "score": [2], "evidence": ["MTEF"]}))
    tables = fd.compute_funding_tables(costs, funding, assessment, lang=lang, refs=REFS)
    figures = [
        report.plot_cost_vs_funding(tables["funding_gap_by_year"], lang, True),
        report.plot_funding_by_source_type(tables["funding_by_source_type"], lang),
        report.plot_crisis(tables["funding_crisis"], lang),
        report.plot_readiness(tables["funding_readiness"], lang),
    ]
    for figure in figures:
        assert isinstance(figure, Figure)
        titles = [ax.get_title() for ax in figure.axes] + [
            figure._suptitle.get_text() if figure._suptitle else ""]
        assert any(titles)
    assert "(" in figures[0].axes[0].get_ylabel()  # currency and price year
    from gcm_analysis.reporting import figure_svg

    figure_svg(figures[0])  # tick labels are made while drawing
    ticks = [label.get_text() for label in figures[0].axes[0].get_yticklabels()]
    assert ticks and any(ch.isdigit() for ch in "".join(ticks))
    if lang == "fr":  # decimal comma, never a point
        assert not any("." in tick for tick in ticks), ticks
    styled = report.style_gap_table(tables["funding_gap_by_objective"],
                                    tables["funding_gap_by_objective_year"], lang)
    html = styled.to_html()
    assert "#f5b7b1" in html  # a red cell
    from gcm_analysis.export import sanitize_html

    raw = report.gap_table_html(tables["funding_gap_by_objective"],
                                tables["funding_gap_by_objective_year"], lang)
    clean = sanitize_html(raw)
    assert 'class="num gcm-rag-red"' in clean and ".gcm-rag-red" in clean
    for table in (report.format_mobilisation_plan(tables["funding_mobilisation_plan"],
                                                  lang),
                  report.format_crisis_table(tables["funding_crisis"], lang),
                  report.format_readiness_summary(tables["funding_readiness_summary"],
                                                  lang),
                  report.format_workshop_agenda(tables["funding_workshop_agenda"],
                                                lang),
                  report.format_funding_lines(tables["funding_sources"], lang)):
        assert len(table) and not table.isna().all(axis=None)
    shock = fd.shock_from_table(tables["funding_shock"])
    text = report.describe_crisis(shock, 0.5, tables["funding_crisis_totals"],
                                  tables["funding_crisis"], lang)
    assert ("Shock tested" if lang == "en" else "Choc testé") in text
