"""Costing: hand-computed cases, reconciliation, Monte Carlo, menu and starter plans."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from gcm_analysis import costing, costing_io, io, paths, plan, reference
from gcm_analysis.errors import InputError, ParameterError

EXAMPLE = paths.PLANS_DIR / "PRT_example"
CENT = 0.005


def make_plan(lines: list[dict], *, reporting: str = "USD", base_year: int = 2025,
              horizon: int = 2, contingency: float = 10.0, inflation: float = 2.0,
              rates: list[dict] | None = None,
              inflation_rates: list[dict] | None = None,
              interventions: list[dict] | None = None) -> plan.Plan:
    """Build a small plan from literal rows (defaults fill the rest)."""
    default_line = {"item": "input", "category": "staff", "unit": "staff month",
                    "currency": reporting, "price_year": base_year,
                    "cost_type": "recurrent", "source": "test"}
    interventions = interventions or [
        {"intervention_id": "I1", "objective_id": 1, "title": "one",
         "lead_ministry": "Ministry A", "start_year": base_year,
         "end_year": base_year + horizon - 1}]
    tables = {
        "settings": pd.DataFrame({
            "setting": ["country", "reporting_currency", "base_year", "horizon_years",
                        "contingency_pct", "inflation_pct"],
            "value": ["PRT", reporting, base_year, horizon, contingency, inflation]}),
        "interventions": pd.DataFrame(interventions),
        "cost_lines": pd.DataFrame([default_line | {"intervention_id": "I1"} | row
                                    for row in lines]),
    }
    if rates:
        tables["exchange_rates"] = pd.DataFrame(rates)
    if inflation_rates:
        tables["inflation_rates"] = pd.DataFrame(inflation_rates)
    return plan.plan_from_tables(tables, "test plan")


@pytest.fixture(scope="module")
def example_plan() -> plan.Plan:
    return plan.read_plan(EXAMPLE)


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return pd.DataFrame({
        "iso3": ["AAA", "BBB", "PRT"], "indicator": ["gdp_per_capita_usd"] * 3,
        "year": [2023, 2023, 2023], "value": [2_000.0, 40_000.0, 27_000.0],
        "unit": ["USD per person"] * 3, "source": ["test"] * 3})


# ------------------------------------------------- inflation and currency
def test_inflation_and_currency_on_a_hand_computed_case() -> None:
    the_plan = make_plan(
        [{"quantity_per_year": 10, "unit_cost_likely": 100, "currency": "EUR",
          "price_year": 2024}],
        rates=[{"from_currency": "EUR", "to_currency": "USD", "rate": 1.10,
                "rate_date": "2024-06-30", "source": "test"}],
        inflation_rates=[{"year": 2025, "inflation_pct": 3.0, "source": "test"}])
    lines = costing.compute_budget_lines(the_plan)
    direct = lines[lines["cost_type"] == "recurrent"].set_index("year")
    # 10 x EUR 100 x 1.10 USD/EUR = USD 1,100 at 2024 prices; x 1.03 -> 2025 prices
    assert direct.at[2025, "amount_constant"] == pytest.approx(1133.00, abs=1e-9)
    assert direct.at[2026, "amount_constant"] == pytest.approx(1133.00, abs=1e-9)
    assert direct.at[2025, "amount_nominal"] == pytest.approx(1133.00, abs=1e-9)
    # 2026 uses the default inflation (2 %): 1133 x 1.02
    assert direct.at[2026, "amount_nominal"] == pytest.approx(1155.66, abs=1e-9)
    assert direct.at[2025, "fx_rate"] == 1.10
    assert direct.at[2025, "fx_rate_date"] == "2024-06-30"
    contingency = lines[lines["cost_type"] == "contingency"].set_index("year")
    assert contingency.at[2025, "amount_constant"] == pytest.approx(113.30, abs=1e-9)
    assert contingency.at[2026, "amount_nominal"] == pytest.approx(115.57, abs=1e-9)
    assert set(lines["currency"]) == {"USD"} and set(lines["price_year"]) == {2025}


def test_inverse_rate_and_the_rate_nearest_mid_price_year_are_used() -> None:
    rates = [
        {"from_currency": "USD", "to_currency": "EUR", "rate": 0.80,
         "rate_date": "2023-01-05", "source": "test"},
        {"from_currency": "USD", "to_currency": "EUR", "rate": 0.90,
         "rate_date": "2024-08-01", "source": "test"},
    ]
    the_plan = make_plan(
        [{"quantity_per_year": 1, "unit_cost_likely": 900, "currency": "USD",
          "price_year": 2024}], reporting="EUR", inflation=0.0, contingency=0,
        rates=rates, horizon=1)
    line = costing.compute_budget_lines(the_plan).iloc[0]
    assert line["fx_rate"] == pytest.approx(0.90)  # USD -> EUR, dated 2024-08-01
    assert line["amount_constant"] == pytest.approx(810.0)
    euro_plan = make_plan(
        [{"quantity_per_year": 1, "unit_cost_likely": 900, "currency": "EUR"}],
        reporting="USD", inflation=0.0, contingency=0, horizon=1,
        rates=[{"from_currency": "USD", "to_currency": "EUR", "rate": 0.90,
                "rate_date": "2025-07-01", "source": "test"}])
    line = costing.compute_budget_lines(euro_plan).iloc[0]
    assert line["amount_constant"] == pytest.approx(1000.0)  # 900 / 0.90


def test_price_year_after_base_year_is_deflated() -> None:
    the_plan = make_plan([{"quantity_per_year": 1, "unit_cost_likely": 104,
                           "price_year": 2027}], horizon=1, contingency=0,
                         inflation=0.0, inflation_rates=[
                             {"year": 2026, "inflation_pct": 4.0, "source": "t"}])
    index = costing.compute_price_index(the_plan).set_index("year")["price_index"]
    assert index[2025] == 1.0 and index[2026] == pytest.approx(1.04)
    line = costing.compute_budget_lines(the_plan).iloc[0]
    assert line["amount_constant"] == pytest.approx(100.0)


def test_mixing_currencies_without_a_rate_is_an_error(example_plan: plan.Plan) -> None:
    with pytest.raises(InputError, match="no dated exchange rate between EUR"):
        costing.with_reporting_currency(example_plan, "JPY")
    lines = costing.compute_budget_lines(example_plan)
    mixed = pd.concat([lines, lines.assign(currency="USD")])
    with pytest.raises(ValueError, match="different currencies"):
        costing.summarise_budget(mixed, ["objective_id"])
    with pytest.raises(ValueError, match="different price years"):
        costing.summarise_budget(pd.concat([lines, lines.assign(price_year=2020)]))


def test_reporting_currency_can_change_through_dated_rates(
    example_plan: plan.Plan
) -> None:
    in_usd = costing.with_reporting_currency(example_plan, "USD")
    euro = costing.compute_budget_lines(example_plan)
    dollars = costing.compute_budget_lines(in_usd)
    assert set(dollars["currency"]) == {"USD"}
    euro_line = euro[(euro["line_id"] == "PRT-02-02")].iloc[0]
    dollar_line = dollars[(dollars["line_id"] == "PRT-02-02")].iloc[0]
    # EUR 2025 price, inverse of the USD->EUR rate dated 2025-07-01 (0.88)
    assert dollar_line["amount_constant"] == pytest.approx(
        euro_line["amount_constant"] / 0.88, abs=0.01)


# ---------------------------------------------------------- the budget
def test_start_up_once_recurrent_every_year_and_contingency_only_bottom_up() -> None:
    the_plan = make_plan([
        {"quantity_per_year": 2, "unit_cost_likely": 50, "cost_type": "start_up"},
        {"quantity_per_year": 1, "unit_cost_likely": 10},
        {"quantity_per_year": 1, "unit_cost_likely": 1000, "costing_method": "top_down",
         "category": "services", "unit": "lump sum"},
    ], horizon=3, inflation=0.0)
    lines = costing.compute_budget_lines(the_plan)
    by_line = lines.groupby("line_id")["year"].apply(list)
    assert by_line["I1-01"] == [2025]
    assert by_line["I1-02"] == [2025, 2026, 2027]
    contingency = lines[lines["cost_type"] == "contingency"].set_index("year")
    assert contingency["amount_constant"].to_dict() == {2025: 11.0, 2026: 1.0,
                                                        2027: 1.0}


def test_every_total_reconciles_with_its_lines_to_the_cent(
    example_plan: plan.Plan
) -> None:
    tables = costing.compute_budget_tables(example_plan, n_draws=200, seed=1)
    lines = tables["budget_lines"]
    grand = lines["amount_constant"].sum()
    for key in ("objective_id", "year", "category", "ministry"):
        table = tables[f"budget_by_{key.replace('_id', '')}"]
        expected = lines.groupby(key)[["amount_constant", "amount_nominal"]].sum()
        got = table.set_index(key)[["amount_constant", "amount_nominal"]]
        assert (got - expected.loc[got.index]).abs().max().max() < CENT, key
        assert abs(table["amount_constant"].sum() - grand) < CENT, key
        assert table["share_pct"].sum() == pytest.approx(100.0, abs=0.01)
    by_intervention = tables["budget_by_intervention"]
    assert abs(by_intervention["amount_constant"].sum() - grand) < CENT
    pair = tables["budget_by_objective_year"]
    assert abs(pair["amount_nominal"].sum() - lines["amount_nominal"].sum()) < CENT
    components = tables["budget_summary"].set_index("component")
    parts = components.loc[["direct_start_up", "direct_recurrent", "support_start_up",
                            "support_recurrent", "contingency"], "amount_constant"]
    assert abs(parts.sum() - components.at["total", "amount_constant"]) < CENT
    support = lines.loc[lines["is_support_activity"].fillna(False).astype(bool),
                        "amount_constant"].sum()
    assert abs(components.at["support_total", "amount_constant"] - support) < CENT
    bottom_up = lines[(lines["costing_method"] == "bottom_up")
                      & (lines["cost_type"] != "contingency")]
    assert components.at["contingency", "amount_constant"] == pytest.approx(
        0.10 * bottom_up["amount_constant"].sum(), abs=0.05)


@pytest.mark.parametrize("seed", [3, 17, 29])
def test_random_plans_reconcile(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 40
    interventions = [
        {"intervention_id": f"I{k}", "objective_id": int(rng.integers(1, 24)),
         "title": "t", "lead_ministry": f"M{k % 3}", "start_year": 2025,
         "end_year": int(2025 + rng.integers(0, 3))} for k in range(8)]
    lines = [{"intervention_id": f"I{int(rng.integers(0, 8))}",
              "quantity_per_year": float(rng.integers(0, 30)),
              "unit_cost_likely": round(float(rng.lognormal(5, 2)), 2),
              "cost_type": str(rng.choice(["start_up", "recurrent"])),
              "costing_method": str(rng.choice(["bottom_up", "top_down"], p=[.8, .2])),
              "ministry": str(rng.choice(["", "Other ministry"])),
              "category": str(rng.choice(["staff", "travel", "equipment"]))}
             for _ in range(n)]
    the_plan = make_plan(lines, horizon=3, interventions=interventions,
                         inflation=float(rng.uniform(0, 10)))
    budget = costing.compute_budget_lines(the_plan)
    grand = budget["amount_nominal"].sum()
    for keys in (["objective_id"], ["year"], ["category"], ["ministry"],
                 ["objective_id", "year", "ministry"]):
        table = costing.summarise_budget(budget, keys)
        assert abs(table["amount_nominal"].sum() - grand) < CENT
        expected = budget.groupby(keys)["amount_nominal"].sum().round(2)
        assert np.allclose(table.set_index(keys)["amount_nominal"],
                           expected.loc[table.set_index(keys).index], atol=CENT)
    assert (budget["amount_constant"] >= 0).all()


def test_each_total_names_its_method(example_plan: plan.Plan) -> None:
    lines = costing.compute_budget_lines(example_plan)
    by_objective = costing.summarise_budget(lines, ["objective_id"]).set_index(
        "objective_id")["method"]
    assert by_objective[10] == "top-down"
    assert by_objective[1] == "bottom-up"
    total = costing.summarise_budget(lines)["method"].iloc[0]
    assert re.fullmatch(r"mixed: bottom-up \d+%, top-down \d+%", total)
    assert costing.describe_method(0.004) == "mixed: bottom-up 99%, top-down 1%"


# ---------------------------------------------------------- Monte Carlo
def test_monte_carlo_is_deterministic_for_a_seed(example_plan: plan.Plan) -> None:
    first = costing.simulate_budget(example_plan, n_draws=500, seed=7)
    again = costing.simulate_budget(example_plan, n_draws=500, seed=7)
    other = costing.simulate_budget(example_plan, n_draws=500, seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert not first["amount_constant"].equals(other["amount_constant"])
    assert set(first.columns) == {"draw", "objective_id", "amount_constant",
                                  "amount_nominal", "currency", "price_year"}


@pytest.mark.parametrize(("distribution", "mean_of"), [
    ("pert", lambda a, m, b: (a + 4 * m + b) / 6),
    ("triangular", lambda a, m, b: (a + m + b) / 3),
])
def test_monte_carlo_mean_is_close_to_the_analytic_mean(distribution, mean_of) -> None:
    rows = [
        {"quantity_per_year": 10, "quantity_per_year_low": 6,
         "quantity_per_year_high": 20, "unit_cost_low": 80, "unit_cost_likely": 100,
         "unit_cost_high": 180},
        {"quantity_per_year": 3, "unit_cost_low": 900, "unit_cost_likely": 1000,
         "unit_cost_high": 1500, "cost_type": "start_up"},
        {"quantity_per_year": 1, "unit_cost_likely": 5000, "costing_method": "top_down",
         "unit_cost_low": 4000, "unit_cost_high": 9000},
    ]
    the_plan = make_plan(rows, horizon=2, contingency=10, inflation=0.0)
    draws = costing.simulate_budget(the_plan, n_draws=40_000, seed=2018,
                                    distribution=distribution)
    total = draws.groupby("draw")["amount_constant"].sum().mean()
    expected = (mean_of(6, 10, 20) * mean_of(80, 100, 180) * 2 * 1.1
                + 3 * mean_of(900, 1000, 1500) * 1.1
                + mean_of(4000, 5000, 9000) * 2)
    assert total == pytest.approx(expected, rel=0.01)


def test_lines_without_a_range_do_not_vary() -> None:
    the_plan = make_plan([{"quantity_per_year": 4, "unit_cost_likely": 25}],
                         horizon=1, contingency=0)
    draws = costing.simulate_budget(the_plan, n_draws=50, seed=1)
    assert draws["amount_constant"].eq(100.0).all()


def test_uncertainty_summary_has_total_and_objectives(example_plan: plan.Plan) -> None:
    lines = costing.compute_budget_lines(example_plan)
    summary = costing.summarise_simulation(
        costing.simulate_budget(example_plan, n_draws=400, seed=1), lines)
    total = summary[(summary["scope"] == "total")
                    & (summary["price_basis"] == "constant")].iloc[0]
    assert total["p10"] <= total["p50"] <= total["p90"]
    assert total["deterministic"] == pytest.approx(lines["amount_constant"].sum(),
                                                   abs=0.01)
    objectives = summary[(summary["scope"] == "objective")
                         & (summary["price_basis"] == "constant")]
    assert sorted(objectives["objective_id"]) == plan.objective_ids_in(example_plan)
    with pytest.raises(ValueError, match="distribution"):
        costing.simulate_budget(example_plan, distribution="normal")


def test_tornado_ranks_the_largest_swing_first() -> None:
    the_plan = make_plan([
        {"quantity_per_year": 10, "unit_cost_low": 90, "unit_cost_likely": 100,
         "unit_cost_high": 130},
        {"quantity_per_year": 2, "quantity_per_year_low": 1,
         "quantity_per_year_high": 6, "unit_cost_likely": 1000},
    ], horizon=1, contingency=0)
    drivers = costing.compute_cost_drivers(the_plan)
    first = drivers.iloc[0]
    assert (first["line_id"], first["variable"]) == ("I1-02", "quantity")
    assert first["total_low"] == pytest.approx(1000 + 1000)
    assert first["total_high"] == pytest.approx(1000 + 6000)
    assert first["swing"] == pytest.approx(5000)
    assert drivers.iloc[1]["swing"] == pytest.approx(400)
    assert list(drivers["rank"]) == [1, 2]


# ------------------------------------------------- menu, starter plans
def test_menu_has_two_costed_actions_for_every_objective() -> None:
    menu = costing_io.read_cost_menu()
    actions = menu.drop_duplicates("action_id").groupby("objective_id").size()
    assert set(actions.index) == set(range(1, 24))
    assert (actions >= 2).all()
    assert menu.groupby("action_id")["line_no"].apply(
        lambda s: list(s) == list(range(1, len(s) + 1))).all()
    categories = set(io.read_reference("cost_categories")["category_code"])
    assert set(menu["category"]) <= categories
    assert set(menu["price_basis"]) <= {"global", "gdp_per_capita"}
    assert set(menu["currency"]) == {"USD"}
    assert menu["price_year"].notna().all() and menu["source_year"].notna().all()
    assert (menu["unit_cost_low"] <= menu["unit_cost_likely"]).all()
    assert (menu["unit_cost_likely"] <= menu["unit_cost_high"]).all()
    assert (menu["quantity_per_year_low"] <= menu["quantity_per_year"]).all()
    assert (menu["quantity_per_year"] <= menu["quantity_per_year_high"]).all()
    prices = menu.groupby("price_key")[["unit_cost_low", "unit_cost_likely",
                                        "unit_cost_high", "price_basis", "unit"]]
    assert (prices.nunique() == 1).all().all()  # one price per price_key


def test_every_menu_price_cites_an_assumption_that_exists() -> None:
    menu = costing_io.read_cost_menu()
    text = (paths.ROOT_DIR / "docs" / "assumptions.md").read_text(encoding="utf-8")
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).strip().replace(" ", "-")
               for h in re.findall(r"^#{2,4} (.+)$", text, flags=re.M)}
    for table in (menu, io.read_reference("cost_scaling")):
        for source in table["source"]:
            found = re.fullmatch(r"GCM Workbook assumption \(see "
                                 r"docs/assumptions\.md#([a-z0-9-]+)\)", source)
            assert found, source  # never attributed to the UN or anyone else
            assert found.group(1) in anchors, found.group(1)


def test_prices_scale_with_gdp_per_capita(indicators: pd.DataFrame) -> None:
    poor = costing_io.estimate_indicative_costs(indicators, "AAA")
    rich = costing_io.estimate_indicative_costs(indicators, "BBB")
    assert list(poor.columns) == ["objective_id", "indicative_cost_usd", "method"]
    assert poor["objective_id"].tolist() == list(range(1, 24))
    assert (poor["indicative_cost_usd"] > 0).all()
    assert (rich["indicative_cost_usd"] > poor["indicative_cost_usd"]).all()
    assert poor["method"].str.contains("scaled by GDP per capita").all()
    unknown = costing_io.estimate_indicative_costs(indicators, "ZZZ")
    assert unknown["method"].str.contains("unscaled").all()
    scaling = costing_io.read_cost_scaling()
    factor, _ = costing.country_scale_factor(indicators, "AAA", scaling)
    assert factor == pytest.approx(max(scaling["min_scale_factor"], (2_000 / scaling[
        "reference_gdp_per_capita_usd"]) ** scaling["gdp_per_capita_elasticity"]))


def test_starter_plan_is_illustrative_valid_and_editable(
    indicators: pd.DataFrame, tmp_path
) -> None:
    starter = costing_io.build_starter_plan("PRT", [20, 1], indicators, 2026, 2)
    assert starter.settings.is_illustrative
    assert starter.settings.years == [2026, 2027]
    assert plan.objective_ids_in(starter) == [1, 20]
    assert starter.cost_lines["source"].str.startswith("Illustrative menu price").all()
    assert starter.interventions["notes"].str.contains("Illustrative").all()
    assert (starter.cost_lines["currency"] == "USD").all()
    workbook = plan.write_template(tmp_path / "starter.xlsx", plan=starter)
    edited = plan.read_plan(workbook)
    pd.testing.assert_frame_equal(edited.cost_lines, starter.cost_lines)
    budget = costing.compute_budget_lines(edited)
    assert budget["amount_constant"].sum() > 0
    with pytest.raises(ParameterError, match="1 to 23"):
        costing_io.build_starter_plan("PRT", [24], indicators, 2026, 2)


def test_starter_objectives_come_from_the_selection_or_the_default() -> None:
    assert costing.choose_starter_objectives(None) == (
        list(costing.DEFAULT_STARTER_OBJECTIVES), "default_no_selection")
    selection = pd.DataFrame({"objective_id": [1, 2, 3], "is_selected":
                              [True, False, True]})
    assert costing.choose_starter_objectives(selection) == ([1, 3], "selection")
    none = selection.assign(is_selected=False)
    assert costing.choose_starter_objectives(none)[1] == "default_empty_selection"
    assert set(costing.DEFAULT_STARTER_OBJECTIVES) <= set(reference.OBJECTIVE_IDS)


def test_run_plan_refuses_a_plan_of_another_country(indicators: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="another country"):
        costing_io.prepare_run_plan("KEN", str(EXAMPLE), None, indicators, 2025, 3)
    the_plan, origin = costing_io.prepare_run_plan("PRT", str(EXAMPLE), None,
                                                   indicators, 2025, 3, currency="USD")
    assert origin["kind"] == "plan_file"
    assert the_plan.settings.reporting_currency == "USD"
    starter, origin = costing_io.prepare_run_plan("PRT", "", None, indicators, 2025, 3)
    assert origin["kind"] == "default_no_selection"
    assert "default objectives" in origin["note"]


def test_the_menu_functions_take_their_tables(indicators: pd.DataFrame) -> None:
    # the pure costing functions read nothing: the same figures from tables handed in
    menu, scaling = costing_io.read_cost_menu(), costing_io.read_cost_scaling()
    pd.testing.assert_frame_equal(
        costing.menu.estimate_indicative_costs(indicators, "AAA", menu, scaling, 5),
        costing_io.estimate_indicative_costs(indicators, "AAA", horizon_years=5))
    tables = costing.starter_plan_tables("PRT", [1], indicators, 2026, 2, menu=menu,
                                         scaling=scaling)
    assert set(tables) == {"settings", "interventions", "cost_lines"}
    starter = costing_io.build_starter_plan("PRT", [1], indicators, 2026, 2)
    rebuilt = plan.plan_from_tables(tables, source=starter.source)
    assert rebuilt.settings == starter.settings
    pd.testing.assert_frame_equal(rebuilt.cost_lines, starter.cost_lines)
