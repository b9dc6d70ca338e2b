"""Issue 17, items 2 and 6: what the report says is true of the run's tables.

Over the session's chain runs (PRT with its own plan in English, KEN in French,
PHL in English; tests/conftest.py), and the own plan's summary re-rendered in
French: every amount and percentage of the executive summary and of the
workshop points is a run-table value (or a documented sum of one) within the
rounding the text uses; every other whole number is an objective id, a year, a
rank, a score or a count the tables give; and each claim of the workshop
points and of the crisis test is checked against the tables, one test each.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import CHAIN_RUNS
from report_claims import (
    costed_in_year,
    display_names,
    integers_left,
    label_prefix,
    money_candidates,
    objective_ids,
    percent_candidates,
    plan_years,
    read_tables,
    report_sections,
    summary_heading,
    unexplained_numbers,
)

from gcm_analysis import report
from gcm_analysis.i18n import funding_label as label
from gcm_analysis.i18n import t
from gcm_analysis.reference import objective_titles

pytestmark = [pytest.mark.xdist_group("chain"), pytest.mark.slow]


@pytest.fixture(scope="module")
def runs(chain_runs):
    root, _ = chain_runs
    out = {}
    for iso3, extra in CHAIN_RUNS.items():
        run_dir = root / iso3 / "r"
        out[iso3] = {"dir": run_dir, "lang": extra["lang"],
                     "own_plan": bool(extra.get("plan_file")),
                     "tables": read_tables(run_dir),
                     "sections": report_sections(run_dir)}
    return out


def _summary(run) -> str:
    return run["sections"][summary_heading(run["lang"])]


def _agenda(run) -> dict[int, str]:
    agenda = run["tables"]["funding_workshop_agenda"]
    return dict(zip(agenda["point_id"].astype(int), agenda["from_the_plan"],
                    strict=True))


def _crisis(run) -> str:
    lang = run["lang"]
    return run["sections"][t("report.crisis_heading", lang).lstrip("#").strip()]


def _allowed_integers(run) -> set[int]:
    """Whole numbers a sentence may use: ids, years, ranks, scores, counts."""
    tables = run["tables"]
    selection, needs = tables["selection"], tables["needs"]
    gaps = tables["funding_gaps"]
    plan_ids = report.plan_objective_ids(tables["budget_by_objective"])
    chosen = selection.loc[selection["is_selected"].astype(bool), "objective_id"]
    crisis = tables["funding_crisis"]
    essential = crisis[crisis["is_essential"].astype(bool)]
    counts = {
        len(plan_ids), len(chosen), len(set(plan_ids) & set(chosen)),
        gaps["intervention_id"].nunique(), gaps["objective_id"].nunique(),
        int(gaps.groupby("intervention_id")["is_essential"].first().sum()),
        len({m for m in gaps["ministry"].dropna() if m}),
        int(crisis["outcome"].isin(["delayed", "dropped", "reduced"]).sum()),
        int(crisis.loc[crisis["outcome"].isin(["delayed", "dropped", "reduced"]),
                       "is_essential"].sum()),
        int(essential["is_protected"].sum()),
        int((essential["baseline_allocated_amount"] > 0.005).sum()),
        int((essential["baseline_allocated_amount"] <= 0.005).sum()),
    }
    # points 7 and 8 count the partners who returned and the budgeting steps' items
    steps = tables["funding_budget_steps_summary"]
    counts |= {int(v) for column in steps.columns if column.startswith("n_")
               for v in steps[column]} | set(steps["step_id"].astype(int))
    counts.add(len(tables["funding_partner_totals"]))
    years = set(plan_years(tables)) | {int(tables["budget_summary"]["price_year"]
                                           .iloc[0])}
    return (set(range(1, 24)) | counts | years
            | set(selection["rank"].dropna().astype(int))
            | {round(v) for v in needs["need_score"].dropna()})


@pytest.mark.parametrize("iso3", list(CHAIN_RUNS))
def test_every_summary_and_workshop_number_comes_from_the_tables(runs, iso3):
    run = runs[iso3]
    lang, tables = run["lang"], run["tables"]
    names = display_names(tables, lang)
    texts = {"summary": _summary(run)} | {f"point {i}": text
                                          for i, text in _agenda(run).items()}
    allowed = _allowed_integers(run)
    for where, text in texts.items():
        assert unexplained_numbers(text, lang, tables, names) == [], (iso3, where)
        stray = [n for n in integers_left(text, lang, names) if n not in allowed]
        assert stray == [], (iso3, where, stray, text)
    # the summary quotes the headline figures (not only numbers that exist)
    summary = texts["summary"]
    gap = tables["funding_gap_total"].iloc[0]
    for amount in (tables["budget_summary"].set_index("component").at[
            "total", "amount_constant"], gap["committed_amount"], gap["gap_amount"]):
        assert report.money(amount, str(gap["currency"]), lang) in summary, iso3


def test_the_own_plan_summary_in_french_also_comes_from_the_tables(runs):
    """The PRT own-plan run is in English; its summary re-rendered in French
    (the notebook's own call) must pass the same check with French formats."""
    run = runs["PRT"]
    tables = run["tables"]
    headline = report.summarise_run(tables)
    titles = objective_titles("fr", short=True).to_dict()
    text = report.executive_summary(headline, {"country_name": "Portugal"}, titles,
                                    "fr", is_own_plan=True)
    text = re.sub(r"[*]", "", text)
    names = display_names(tables, "fr")
    assert unexplained_numbers(text, "fr", tables, names) == []
    assert "\u202f%" in text and " %" not in text.replace("\u202f%", "")
    assert [n for n in integers_left(text, "fr", names)
            if n not in _allowed_integers(run)] == []


def test_an_injected_wrong_figure_is_caught(runs):
    """The check can fail: the summary with one amount, or one percentage,
    changed to a value no table holds is refused."""
    run = runs["KEN"]
    tables, lang = run["tables"], run["lang"]
    names = display_names(tables, lang)
    summary = _summary(run)
    total = tables["budget_summary"].set_index("component").at["total",
                                                               "amount_constant"]
    currency = str(tables["budget_summary"]["currency"].iloc[0])
    written = report.money(total, currency, lang)
    amounts = money_candidates(tables)
    factor = next(f for f in (1.37, 1.53, 1.71, 0.61, 0.47)
                  if all(abs(total * f - c) > 1e5 for c in amounts))
    wrong = summary.replace(written, report.money(total * factor, currency, lang), 1)
    assert unexplained_numbers(wrong, lang, tables, names)
    shares = percent_candidates(tables)
    share = int(re.search(r"(\d+)\u202f%", summary).group(1))
    other = next(v for v in range(share + 1, share + 40)
                 if all(abs(v - c) > 0.5 for c in shares))
    wrong_share = summary.replace(f"{share}\u202f%", f"{other}\u202f%", 1)
    assert unexplained_numbers(wrong_share, lang, tables, names)
    assert not unexplained_numbers(summary, lang, tables, names)


# ------------------------------------------------- one test per claim
@pytest.mark.parametrize("iso3", list(CHAIN_RUNS))
def test_point_1_names_objectives_budgeted_in_the_first_year(runs, iso3):
    run = runs[iso3]
    lang, tables = run["lang"], run["tables"]
    text = _agenda(run)[1]
    first = plan_years(tables)[0]
    assert str(first) in text
    budgeted, _, not_in_plan = text.partition(
        label_prefix(label("agenda.1_not_in_plan", lang)))
    assert objective_ids(budgeted) == costed_in_year(tables, first)
    selection = tables["selection"]
    chosen = set(selection.loc[selection["is_selected"].astype(bool),
                               "objective_id"].astype(int))
    in_plan = set(tables["budget_by_objective"]["objective_id"].astype(int))
    assert objective_ids(not_in_plan) == sorted(chosen - in_plan)


@pytest.mark.parametrize("iso3", list(CHAIN_RUNS))
def test_points_3_and_4_quote_the_needs_ranking_and_scores(runs, iso3):
    run = runs[iso3]
    tables = run["tables"]
    needs = tables["needs"].sort_values("rank")
    points = _agenda(run)
    assert objective_ids(points[3]) == needs["objective_id"].head(5).tolist()
    scores = needs.set_index("objective_id")["need_score"]
    pairs = re.findall(r"(\d+)\u202f?: (\d+|—)", points[4])
    first = plan_years(tables)[0]
    assert [int(i) for i, _ in pairs] == costed_in_year(tables, first)[:8]
    for objective, score in pairs:
        assert score == f"{scores[int(objective)]:.0f}", (iso3, objective)


@pytest.mark.parametrize("iso3", list(CHAIN_RUNS))
def test_point_5_counts_interventions_objectives_and_essential_ones(runs, iso3):
    run = runs[iso3]
    gaps = run["tables"]["funding_gaps"]
    per = gaps.groupby("intervention_id").agg(
        cost=("cost_amount", "sum"), essential=("is_essential", "first"),
        name=("intervention_name", "first"))
    n, k, e = (int(x) for x in re.findall(r"\d+", _agenda(run)[5])[:3])
    assert (n, k, e) == (len(per), gaps["objective_id"].nunique(),
                         int(per["essential"].sum()))
    largest = per.sort_values("cost", ascending=False).head(3)["name"]
    text = _agenda(run)[5]
    positions = [text.index(str(name)) for name in largest]
    assert positions == sorted(positions)


@pytest.mark.parametrize("iso3", list(CHAIN_RUNS))
def test_point_6_gives_the_plan_years_and_the_cost_of_each(runs, iso3):
    run = runs[iso3]
    lang, tables = run["lang"], run["tables"]
    text = _agenda(run)[6]
    by_year = tables["funding_gap_by_year"].set_index("year")["cost_amount"]
    years = plan_years(tables)
    assert sorted(by_year.index.astype(int)) == years
    currency = str(tables["budget_by_year"]["currency"].iloc[0])
    from gcm_analysis.funding._common import format_money
    colon = "\u202f:" if lang == "fr" else ":"  # French typography
    for year, cost in by_year.items():
        assert f"{int(year)}{colon} {format_money(cost, currency, lang)}" in text
    budget = tables["budget_by_year"].set_index("year")["amount_constant"]
    assert by_year.to_numpy() == pytest.approx(budget.loc[by_year.index].to_numpy(),
                                               abs=0.05)


@pytest.mark.parametrize("iso3", list(CHAIN_RUNS))
def test_point_8_totals_and_red_objectives_are_those_of_the_gap_tables(runs, iso3):
    run = runs[iso3]
    lang, tables = run["lang"], run["tables"]
    from gcm_analysis.funding._common import format_money
    text = _agenda(run)[8]
    gap = tables["funding_gap_total"].iloc[0]
    currency = str(gap["currency"])
    for column in ("cost_amount", "committed_amount", "secured_amount",
                   "pledged_amount", "gap_amount", "risk_adjusted_gap_amount"):
        assert format_money(gap[column], currency, lang) in text, column
    red = tables["funding_gap_by_objective"]
    red_ids = sorted(red.loc[red["rag_code"] == "red", "objective_id"].astype(int))
    before, after = label("agenda.8", lang).split("{red}")
    red_text = text.split(before.rsplit("}", 1)[-1], 1)[1].split(
        after.split("{", 1)[0], 1)[0]
    assert objective_ids(red_text) == red_ids[:8]
    crisis = tables["funding_crisis"]
    hit = crisis[crisis["outcome"].isin(["delayed", "dropped", "reduced"])]
    if len(crisis):
        assert label("agenda.8_crisis", lang, n=len(hit),
                     essential=int(hit["is_essential"].sum())) in text


@pytest.mark.parametrize("iso3", list(CHAIN_RUNS))
def test_crisis_test_protects_only_what_had_money_before_the_shock(runs, iso3):
    run = runs[iso3]
    lang, tables = run["lang"], run["tables"]
    text = _crisis(run)
    crisis = tables["funding_crisis"]
    essential = crisis[crisis["is_essential"].astype(bool)]
    funded = essential[essential["baseline_allocated_amount"] > 0.005]
    # every intervention called protected had money before and keeps it all
    protected = crisis[crisis["is_protected"].astype(bool)]
    assert (protected["baseline_allocated_amount"] > 0.005).all()
    assert (protected["crisis_allocated_amount"]
            >= protected["baseline_allocated_amount"] - 0.01).all()
    if len(funded):
        assert label("crisis.protected", lang, n=int(funded["is_protected"].sum()),
                     total=len(funded)) in text
    if len(funded) < len(essential):
        assert label("crisis.unfunded_essential", lang,
                     n=len(essential) - len(funded)) in text
    totals = tables["funding_crisis_totals"].set_index("measure")
    from gcm_analysis.funding._common import format_money
    currency = str(tables["funding_crisis_totals"]["currency"].iloc[0])
    assert format_money(totals.at["cut", "crisis_amount"], currency, lang) in text
    for outcome in ("dropped", "delayed", "reduced"):
        names = crisis.loc[crisis["outcome"] == outcome, "intervention_name"]
        if len(names):
            assert label("crisis.list", lang,
                         outcome=label(f"crisis.outcome.{outcome}", lang),
                         names=", ".join(names.astype(str))) in text


def test_the_own_plan_report_sets_the_plan_beside_the_selection(runs):
    run = runs["PRT"]
    tables = run["tables"]
    comparison = report.compare_plan_and_selection(
        tables["selection"], tables["budget_by_objective"], "en")
    plan_ids = report.plan_objective_ids(tables["budget_by_objective"])
    assert sorted(comparison.loc[comparison["is_in_plan"], "objective_id"]) == plan_ids
    section = run["sections"][t("report.selection_heading", "en")]
    for row in comparison.itertuples():
        assert row.explanation in section
        rank = int(row.rank)
        if row.status == "plan_only":
            assert rank > row.n_selected and not row.is_selected
            assert f"not in the top {row.n_selected}" in row.explanation
        if row.status == "selection_only":
            assert rank <= row.n_selected and row.is_selected
        assert f"{rank}" in row.explanation
    summary = _summary(run)
    assert "The country's plan budgets" in summary
    # the plan's own currency, so no conversion note
    assert tables["budget_summary"]["currency"].eq("EUR").all()
    assert "converts every amount" not in "".join(run["sections"].values())
    assert "converts every amount" not in (run["dir"] / "report.html").read_text(
        encoding="utf-8")
    assert f"budgets {len(plan_ids)} objectives" in summary
    # a starter plan's report keeps the selection table, not the comparison
    assert "not in the plan" not in runs["PHL"]["sections"][
        t("report.selection_heading", "en")]


def test_tables_read_back_match_the_csv_written(runs):
    """Guard for the helpers: the tables read are the run's own."""
    run = runs["PHL"]
    assert run["tables"]["budget_summary"].equals(
        pd.read_csv(run["dir"] / "budget_summary.csv"))


@pytest.mark.parametrize("iso3", list(CHAIN_RUNS))
def test_selection_reasons_match_the_ranks_in_every_run(runs, iso3):
    """Item 5: the default rule is need-first (top N by priority score, no
    coverage rule), and each reason names the objective's own rank."""
    run = runs[iso3]
    lang, selection = run["lang"], run["tables"]["selection"]
    scored = selection.dropna(subset=["rank"])
    n = int(selection["is_selected"].astype(bool).sum())
    word = "rang {r} sur" if lang == "fr" else "rank {r} of"
    for row in scored.itertuples():
        rank = int(row.rank)
        assert word.format(r=rank) in row.reason, (iso3, row.objective_id)
        assert bool(row.is_selected) == (rank <= n), (iso3, row.objective_id)
    if not run["own_plan"]:  # no stakeholder scores: priority is need
        assert (scored["priority_score"] - scored["need_score"]).abs().max() < 1e-6
