"""Funding lines, the allocation rule, and the gaps it leaves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import numbers
from ..errors import InputError, Problem, msg
from ._common import (
    CELL_KEYS,
    GAP_MONEY_COLUMNS,
    STEPS,
    FundingReference,
    _tolerance,
    label,
)
from .costs import prepare_costs
from .sheets import FUNDING_COLUMNS, check_funding_table, empty_funding
from .vocabulary import SHARES, STATUS_CODES, add_measures, add_shares


# -------------------------------------------------------------------- funding
def _prepared_funding(funding: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in FUNDING_COLUMNS if c not in funding.columns]
    if missing:
        raise InputError(Problem.of(
            msg("columns_missing", columns=", ".join(missing)), file="funding",
            sheet="funding", expected=msg("funding.prepared_table")))
    return check_funding_table(funding[list(FUNDING_COLUMNS)].reset_index(
        drop=True))


def check_funding_against_costs(funding: pd.DataFrame, costs: pd.DataFrame,
                                file: str = "funding") -> list[Problem]:
    """Return problems between funding lines and the costs they are meant to pay.

    A line whose year has costs must use that year's currency and price year;
    an intervention earmark must agree with the objective earmark when both are
    given. Lines for years, objectives or interventions without costs are not
    problems here (the plan's validation checks that earmarked interventions
    exist): :func:`summarise_funding_lines` reports their money as unallocated.

    Parameters
    ----------
    funding : DataFrame
        Prepared funding (:data:`FUNDING_COLUMNS`).
    costs : DataFrame
        Cells from :func:`prepare_costs` (or a raw costs table).
    file : str
        Label used in problems.

    Returns
    -------
    list of Problem
        Each names the funding line (its number, source and year).
    """
    return _check_against_cells(funding, prepare_costs(costs), file)


def _check_against_cells(funding: pd.DataFrame, cells: pd.DataFrame,
                         file: str = "funding") -> list[Problem]:
    units = cells.groupby("year")[["currency", "price_year"]].first()
    objective_of = dict(zip(cells["intervention_id"], cells["objective_id"],
                            strict=False))
    problems: list[Problem] = []
    for line in funding.itertuples(index=False):
        where = msg("funding.where", line=line.funding_line_id,
                    source=line.source_name, year=line.year)
        if line.year in units.index:
            currency, price_year = units.loc[line.year]
            if line.currency != currency:
                problems.append(Problem.of(
                    msg("funding.currency", where=where, year=line.year,
                        currency=currency),
                    file=file, sheet="funding", column="currency", value=line.currency,
                    expected=msg("funding.currency.expected", currency=currency)))
            elif int(line.price_year) != int(price_year):
                problems.append(Problem.of(
                    msg("funding.price_year", where=where, year=line.year,
                        price_year=price_year),
                    file=file, sheet="funding", column="price_year",
                    value=int(line.price_year), expected=f"{price_year}"))
        target = line.earmark_intervention_id
        if isinstance(target, str) and target in objective_of:
            if (not pd.isna(line.earmark_objective_id)
                  and int(line.earmark_objective_id) != objective_of[target]):
                problems.append(Problem.of(
                    msg("funding.earmark", where=where, intervention=target,
                        objective=objective_of[target]),
                    file=file, sheet="funding", column="earmark_objective_id",
                    value=int(line.earmark_objective_id),
                    expected=msg("funding.earmark.expected",
                                 objective=objective_of[target])))
    return problems


def convert_funding_prices(funding: pd.DataFrame, price_index: pd.DataFrame,
                           price_year: int) -> pd.DataFrame:
    """Express every funding line in ``price_year`` prices.

    A line entered in money of its own year (``price_year`` = ``year``) is
    divided by the price index of that year relative to ``price_year``, so it can
    be set against costs at constant prices (the costing stage's
    ``amount_constant``).

    Parameters
    ----------
    funding : DataFrame
        Prepared funding.
    price_index : DataFrame
        ``year, price_index`` (e.g. :func:`gcm_analysis.costing.compute_price_index`).
    price_year : int
        Target price year (the plan's base year).

    Returns
    -------
    DataFrame
        The funding with ``amount`` converted and ``price_year`` set.

    Raises
    ------
    InputError
        Naming each funding line whose price year has no price index.
    """
    lines = _prepared_funding(funding)
    index = price_index.drop_duplicates("year").set_index(
        price_index["year"].drop_duplicates().astype(int))["price_index"].astype(float)
    problems = [Problem.of(msg("funding.no_price_index", line=lid, year=int(py)),
                           file="funding", sheet="funding", column="price_year",
                           value=int(py),
                           expected=msg("funding.no_price_index.expected"))
                for lid, py in zip(lines["funding_line_id"], lines["price_year"],
                                   strict=True)
                if int(py) not in index.index or int(price_year) not in index.index]
    if problems:
        raise InputError(problems, "funding cannot be converted to constant prices")
    factor = float(index[int(price_year)]) / lines["price_year"].astype(int).map(
        index).astype(float)
    return lines.assign(amount=lines["amount"] * factor,
                        price_year=pd.array([int(price_year)] * len(lines),
                                            dtype="Int64"))


def build_starter_funding(costs: pd.DataFrame, domestic_share: float = 0.4,
                          status: str = "pledged", lang: str = "en", *,
                          refs: FundingReference) -> pd.DataFrame:
    """Return an ILLUSTRATIVE funding scenario for a plan without a funding sheet.

    One unearmarked domestic-budget line per plan year equal to
    ``domestic_share`` of that year's cost, with status ``pledged`` (a budget
    intention, not yet appropriated) and that status's default likelihood. With a
    share below 1 every country shows a gap, so the resource-mobilisation plan
    has something to work on. The lines are flagged ``is_illustrative`` and
    named so in every table and chart.

    Parameters
    ----------
    costs : DataFrame
        Costs (:data:`COST_COLUMNS`).
    domestic_share : float
        Share of each year's cost the domestic budget is assumed to cover (0-1).
    status : str
        Status of the illustrative lines (one of :data:`STATUS_CODES`).
    lang : {"en", "fr"}
        Language of the source name.
    refs : FundingReference
        Reference tables (the status's default likelihood).

    Returns
    -------
    DataFrame
        Prepared funding (:data:`FUNDING_COLUMNS`).

    Raises
    ------
    ValueError
        If the share is outside 0-1 or the status unknown.
    """
    if not 0.0 <= float(domestic_share) <= 1.0:
        raise ValueError(f"domestic_share must be from 0 to 1; found {domestic_share}")
    if status not in STATUS_CODES:
        raise ValueError(f"status must be one of {STATUS_CODES}; found {status!r}")
    cells = prepare_costs(costs)
    defaults = refs.status_defaults.set_index("status_code")
    by_year = cells.groupby("year", as_index=False).agg(
        amount=("amount", "sum"), currency=("currency", "first"),
        price_year=("price_year", "first"))
    name = label("starter.source_name", lang,
                 share=numbers.percent(domestic_share, lang))
    out = empty_funding()
    rows = pd.DataFrame({
        "funding_line_id": range(1, len(by_year) + 1),
        "source_id": "starter-domestic",
        "source_name": name,
        "source_type_code": "domestic_budget",
        "status": status,
        "likelihood": float(defaults.at[status, "default_likelihood"]),
        "likelihood_basis": "status_default",
        "year": by_year["year"].astype("Int64"),
        "amount": by_year["amount"] * float(domestic_share),
        "currency": by_year["currency"],
        "price_year": by_year["price_year"].astype("Int64"),
        "earmark_objective_id": pd.NA,
        "earmark_intervention_id": pd.NA,
        "can_reallocate_in_crisis": False,
        "conditions": label("starter.conditions", lang),
        "is_illustrative": True,
    })
    return pd.concat([out, rows.astype(out.dtypes.to_dict())], ignore_index=True)


# ----------------------------------------------------------------- allocation
def _line_order(funding: pd.DataFrame) -> pd.DataFrame:
    has_intervention = funding["earmark_intervention_id"].notna() & (
        funding["earmark_intervention_id"].astype("string").str.len() > 0)
    has_objective = funding["earmark_objective_id"].notna()
    step = np.where(has_intervention, STEPS[0],
                    np.where(has_objective, STEPS[1], STEPS[2]))
    status_rank = funding["status"].map({s: i for i, s in enumerate(STATUS_CODES)})
    ordered = funding.assign(
        step=step, _step=pd.Series(step).map({s: i for i, s in enumerate(STEPS)}),
        _status=status_rank, _likely=-funding["likelihood"])
    return ordered.sort_values(
        ["year", "_step", "_status", "_likely", "source_id", "funding_line_id"],
        kind="mergesort").drop(columns=["_step", "_status", "_likely"])


def allocate_funding(costs: pd.DataFrame, funding: pd.DataFrame) -> pd.DataFrame:
    """Allocate funding lines to cost cells by the documented rule (module doc).

    Parameters
    ----------
    costs : DataFrame
        Costs (:data:`COST_COLUMNS`, optional ``priority_rank``).
    funding : DataFrame
        Prepared funding (:data:`FUNDING_COLUMNS`; extra columns are ignored).

    Returns
    -------
    DataFrame
        One row per (funding line, cell) that received money: ``funding_line_id,
        source_id, source_name, source_type_code, status, likelihood, step,
        intervention_id, objective_id, ministry, year, is_essential, amount,
        expected_amount, currency, price_year``. ``amount`` > 0;
        ``expected_amount = likelihood x amount``.

    Raises
    ------
    InputError
        If the costs or the funding table are not valid, or a line does not fit
        its year's currency and price year (:func:`check_funding_against_costs`).
    """
    return _allocate(prepare_costs(costs), _prepared_funding(funding))


def _allocate(cells: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """:func:`allocate_funding` on cells from :func:`prepare_costs` and prepared
    funding lines."""
    problems = _check_against_cells(lines, cells)
    if problems:
        raise InputError(problems, "the funding does not fit the costs")
    remaining = cells["amount"].to_numpy(dtype=float).copy()
    by_year: dict[int, list[int]] = {}
    by_intervention: dict[tuple[int, str], list[int]] = {}
    by_objective: dict[tuple[int, int], list[int]] = {}
    for position, (year, intervention, objective) in enumerate(zip(
            cells["year"], cells["intervention_id"], cells["objective_id"],
            strict=True)):
        by_year.setdefault(int(year), []).append(position)
        by_intervention.setdefault((int(year), intervention), []).append(position)
        by_objective.setdefault((int(year), int(objective)), []).append(position)
    records: list[tuple[int, int, float, str]] = []
    for line in _line_order(lines).itertuples(index=False):
        available = float(line.amount)
        year = int(line.year)
        if line.step == STEPS[0]:
            targets = by_intervention.get((year, str(line.earmark_intervention_id)), [])
        elif line.step == STEPS[1]:
            targets = by_objective.get((year, int(line.earmark_objective_id)), [])
        else:
            targets = by_year.get(year, [])
        for position in targets:
            if available <= 0:
                break
            need = remaining[position]
            if need <= 0:
                continue
            take = min(available, need)
            remaining[position] = 0.0 if take >= need else need - take
            available = 0.0 if take >= available else available - take
            records.append((int(line.funding_line_id), position, take, line.step))
    return _allocation_table(records, cells, lines)


def _allocation_table(records: list[tuple[int, int, float, str]], cells: pd.DataFrame,
                      lines: pd.DataFrame) -> pd.DataFrame:
    columns = ["funding_line_id", "source_id", "source_name", "source_type_code",
               "status", "likelihood", "step", "intervention_id", "objective_id",
               "ministry", "year", "is_essential", "amount", "expected_amount",
               "currency", "price_year"]
    if not records:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        return empty.astype({"funding_line_id": int, "amount": float,
                             "expected_amount": float, "likelihood": float,
                             "year": int, "objective_id": int, "price_year": int,
                             "is_essential": bool})
    raw = pd.DataFrame(records, columns=["funding_line_id", "_cell", "amount", "step"])
    cell_info = cells.iloc[raw["_cell"].to_numpy()][
        ["intervention_id", "objective_id", "ministry", "year", "is_essential",
         "currency", "price_year"]].reset_index(drop=True)
    line_info = lines.set_index("funding_line_id").loc[
        raw["funding_line_id"], ["source_id", "source_name", "source_type_code",
                                 "status", "likelihood"]].reset_index(drop=True)
    out = pd.concat([raw.drop(columns="_cell"), cell_info, line_info], axis=1)
    out["expected_amount"] = out["amount"] * out["likelihood"]
    out = out.astype({"source_id": str, "source_name": str, "source_type_code": str,
                      "status": str})
    return out[columns].sort_values(
        ["year", "funding_line_id", "objective_id", "intervention_id", "ministry"],
        kind="mergesort").reset_index(drop=True)


def summarise_funding_lines(funding: pd.DataFrame, allocations: pd.DataFrame,
                            costs: pd.DataFrame) -> pd.DataFrame:
    """Return each funding line with what it gave and why any money is left.

    Parameters
    ----------
    funding : DataFrame
        Prepared funding.
    allocations : DataFrame
        From :func:`allocate_funding`.
    costs : DataFrame
        The costs allocated to.

    Returns
    -------
    DataFrame
        The funding columns plus ``allocated_amount, unallocated_amount,
        expected_amount`` (likelihood x amount) and ``unallocated_reason``: NA, or
        ``outside_plan_years``, ``earmark_without_cost`` (the earmarked
        objective or intervention has no cost that year), ``earmark_covered``
        (its cost is already covered) or ``costs_covered`` (every cost of the year
        is covered).
    """
    return _summarise_lines(_prepared_funding(funding), allocations,
                            prepare_costs(costs))


def _summarise_lines(lines: pd.DataFrame, allocations: pd.DataFrame,
                     cells: pd.DataFrame) -> pd.DataFrame:
    """:func:`summarise_funding_lines` on prepared lines and cells."""
    given = allocations.groupby("funding_line_id")["amount"].sum()
    allocated = lines["funding_line_id"].map(given).fillna(0.0).astype(float)
    left = (lines["amount"] - allocated).clip(lower=0.0)
    tol = _tolerance(lines["amount"])
    years = set(cells["year"])
    objectives = set(zip(cells["year"], cells["objective_id"], strict=True))
    interventions = set(zip(cells["year"], cells["intervention_id"], strict=True))
    reasons: list[Any] = []
    for line, rest in zip(lines.itertuples(index=False), left, strict=True):
        year = int(line.year)
        if rest <= tol:
            reasons.append(pd.NA)
        elif year not in years:
            reasons.append("outside_plan_years")
        elif isinstance(line.earmark_intervention_id, str):
            reasons.append("earmark_covered" if (year, line.earmark_intervention_id)
                           in interventions else "earmark_without_cost")
        elif not pd.isna(line.earmark_objective_id):
            reasons.append("earmark_covered" if (year, int(line.earmark_objective_id))
                           in objectives else "earmark_without_cost")
        else:
            reasons.append("costs_covered")
    return lines.assign(
        allocated_amount=allocated,
        unallocated_amount=left.where(left > tol, 0.0),
        expected_amount=lines["amount"] * lines["likelihood"],
        unallocated_reason=pd.Series(reasons, dtype="string"),
    )


# ----------------------------------------------------------------------- gaps
def _rag(coverage: pd.Series, thresholds: pd.DataFrame) -> pd.Series:
    bands = thresholds.sort_values("min_coverage_share", ascending=False)
    out = pd.Series(pd.NA, index=coverage.index, dtype="string")
    for code, low in zip(bands["rag_code"], bands["min_coverage_share"], strict=True):
        hit = out.isna() & coverage.notna() & (coverage >= float(low) - 1e-12)
        out[hit] = code
    return out


def compute_gaps(costs: pd.DataFrame, allocations: pd.DataFrame,
                 rag_thresholds: pd.DataFrame) -> pd.DataFrame:
    """Return cost, funding by status, gap and risk-adjusted gap for every cell.

    Parameters
    ----------
    costs : DataFrame
        Costs (:data:`COST_COLUMNS`).
    allocations : DataFrame
        From :func:`allocate_funding` on the same costs.
    rag_thresholds : DataFrame, optional
        ``rag_code, min_coverage_share`` (default: ``funding_rag_thresholds.csv``).

    Returns
    -------
    DataFrame
        ``intervention_id, intervention_name, objective_id, ministry, year,
        is_essential, priority_rank`` then :data:`GAP_MONEY_COLUMNS`, then
        the shares of :data:`~gcm_analysis.funding.vocabulary.SHARES`
        (``secured_share, committed_share, expected_share, gap_share``: each
        amount / cost, NA when the cost is 0),
        ``rag_code``, ``currency``, ``price_year``. ``committed_amount + gap_amount
        == cost_amount`` and ``expected_funded_amount + risk_adjusted_gap_amount
        == cost_amount`` in every row (to rounding).
    """
    return _gaps(prepare_costs(costs), allocations, rag_thresholds)


def _gaps(cells: pd.DataFrame, allocations: pd.DataFrame,
          thresholds: pd.DataFrame) -> pd.DataFrame:
    """:func:`compute_gaps` on cells from :func:`prepare_costs`."""
    keys = list(CELL_KEYS)
    by_status = (allocations.pivot_table(index=keys, columns="status", values="amount",
                                         aggfunc="sum", fill_value=0.0)
                 if len(allocations) else pd.DataFrame())
    expected = (allocations.groupby(keys)["expected_amount"].sum()
                if len(allocations) else pd.Series(dtype=float))
    index = pd.MultiIndex.from_frame(cells[keys])
    out = cells.rename(columns={"amount": "cost_amount"})
    for status in STATUS_CODES:
        out[f"{status}_amount"] = (by_status[status].reindex(index).fillna(0.0)
                                   .to_numpy() if status in by_status
                                   else np.zeros(len(cells)))
    out["expected_funded_amount"] = expected.reindex(index).fillna(0.0).to_numpy()
    out = add_measures(out)  # committed, allocated, gap, risk-adjusted gap
    return _with_coverage(out, thresholds)[_gap_columns(
        ["intervention_id", "intervention_name", "objective_id", "ministry", "year",
         "is_essential", "priority_rank"])].reset_index(drop=True)


def _gap_columns(keys: Sequence[str]) -> list[str]:
    return [*keys, *GAP_MONEY_COLUMNS, *SHARES, "rag_code", "currency", "price_year"]


def _with_coverage(table: pd.DataFrame, thresholds: pd.DataFrame) -> pd.DataFrame:
    """Every share of the vocabulary, and the RAG band of the expected share."""
    out = add_shares(table)
    return out.assign(rag_code=_rag(out["expected_share"], thresholds))


def summarise_gaps(gaps: pd.DataFrame, by: Sequence[str],
                   rag_thresholds: pd.DataFrame) -> pd.DataFrame:
    """Sum a gap table by some of its keys and recompute coverage and RAG.

    Parameters
    ----------
    gaps : DataFrame
        From :func:`compute_gaps`.
    by : sequence of str
        Keys to keep, e.g. ``["objective_id", "year"]``; ``[]`` gives one total row.
    rag_thresholds : DataFrame, optional

    Returns
    -------
    DataFrame
        ``by`` then :data:`GAP_MONEY_COLUMNS`, the shares, ``rag_code,
        currency, price_year``.

    Raises
    ------
    InputError
        If a group mixes currencies or price years (amounts cannot be added).
    """
    thresholds = rag_thresholds
    keys = list(by)
    grouped = gaps.assign(_all=0).groupby(keys or ["_all"], dropna=False, sort=True)
    units = grouped[["currency", "price_year"]].nunique()
    mixed = units[(units["currency"] > 1) | (units["price_year"] > 1)]
    if len(mixed):
        raise InputError(Problem.of(
            msg("cannot_add_grouped", keys=", ".join(keys)) if keys
            else msg("cannot_add_ungrouped"),
            file="gaps", value=str(mixed.index[0]),
            expected=msg("cannot_add_grouped.expected")))
    sums = grouped[list(GAP_MONEY_COLUMNS)].sum()
    firsts = grouped[["currency", "price_year"]].first()
    out = pd.concat([sums, firsts], axis=1).reset_index()
    if not keys:
        out = out.drop(columns="_all")
    return _with_coverage(out, thresholds)[_gap_columns(keys)]


def funding_by_source_type(funding: pd.DataFrame, allocations: pd.DataFrame
                           ) -> pd.DataFrame:
    """Return available, allocated and expected money per source type, status, year.

    Returns
    -------
    DataFrame
        ``source_type_code, status, year, available_amount, allocated_amount,
        expected_allocated_amount, unallocated_amount, currency, price_year``.
    """
    return _by_source_type(_prepared_funding(funding), allocations)


def _by_source_type(lines: pd.DataFrame, allocations: pd.DataFrame) -> pd.DataFrame:
    """:func:`funding_by_source_type` on prepared funding lines."""
    keys = ["source_type_code", "status", "year", "currency", "price_year"]
    available = lines.groupby(keys, as_index=False)["amount"].sum().rename(
        columns={"amount": "available_amount"})
    if len(allocations):
        given = allocations.assign(year=allocations["year"].astype("Int64")).groupby(
            keys, as_index=False)[["amount", "expected_amount"]].sum()
        given["price_year"] = given["price_year"].astype("Int64")
    else:
        given = pd.DataFrame(columns=[*keys, "amount", "expected_amount"])
    out = available.merge(given, on=keys, how="left").rename(columns={
        "amount": "allocated_amount", "expected_amount": "expected_allocated_amount"})
    out[["allocated_amount", "expected_allocated_amount"]] = out[
        ["allocated_amount", "expected_allocated_amount"]].astype(float).fillna(0.0)
    out["unallocated_amount"] = (out["available_amount"] - out["allocated_amount"]
                                 ).clip(lower=0.0)
    return out[["source_type_code", "status", "year", "available_amount",
                "allocated_amount", "expected_allocated_amount", "unallocated_amount",
                "currency", "price_year"]]
