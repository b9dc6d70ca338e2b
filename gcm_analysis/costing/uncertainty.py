"""Uncertainty: seeded Monte Carlo on low/likely/high inputs, and cost drivers."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from ..i18n import t
from ..plan.specs import Plan
from .lines import _line_table
from .prices import compute_price_index
from .summaries import check_single_money_basis

DISTRIBUTIONS: tuple[str, ...] = ("pert", "triangular")
_CHUNK_CELLS = 1_000_000  # matrix cells per Monte Carlo chunk (memory ~ 8 MB each)

# -------------------------------------------------------------- uncertainty
def _uncertainty_inputs(plan: Plan) -> pd.DataFrame:
    """Per cost line: the ranges and the weights turning quantity x cost into money."""
    table = _line_table(plan)
    index = compute_price_index(plan).set_index("year")["price_index"]
    years = np.arange(int(table["first_year"].min()), int(table["last_year"].max()) + 1)
    cumulative = np.concatenate([[0.0], np.cumsum(pd.Series(years).map(index)
                                                  .to_numpy(dtype=float))])
    first_pos = table["first_year"].to_numpy() - years[0]
    last_pos = table["last_year"].to_numpy() - years[0]
    nominal_years = cumulative[last_pos + 1] - cumulative[first_pos]
    contingency = np.where(table["costing_method"] == "bottom_up",
                           1.0 + plan.settings.contingency_pct / 100.0, 1.0)
    return pd.DataFrame({
        "line_id": table["line_id"],
        "intervention_id": table["intervention_id"],
        "objective_id": table["objective_id"].astype(int),
        "item": table["item"],
        "quantity_low": table["quantity_per_year_low"].astype(float),
        "quantity_likely": table["quantity_per_year"].astype(float),
        "quantity_high": table["quantity_per_year_high"].astype(float),
        "unit_cost_low": table["unit_cost_low"].astype(float),
        "unit_cost_likely": table["unit_cost_likely"].astype(float),
        "unit_cost_high": table["unit_cost_high"].astype(float),
        "weight_constant": table["to_constant"] * table["n_years"] * contingency,
        "weight_nominal": table["to_constant"].to_numpy() * nominal_years * contingency,
    })


def _sample(rng: np.random.Generator, low: np.ndarray, likely: np.ndarray,
            high: np.ndarray, n: int, distribution: str) -> np.ndarray:
    """Draw ``n`` values per column from PERT or triangular(low, likely, high)."""
    spread = high - low
    varies = np.flatnonzero(spread > 0)
    if len(varies) == 0:
        return np.broadcast_to(likely, (n, len(likely)))
    a, m, b, width = low[varies], likely[varies], high[varies], spread[varies]
    if distribution == "pert":
        # PERT: Beta(1 + 4 (m-a)/(b-a), 1 + 4 (b-m)/(b-a)) scaled to [a, b].
        alpha = 1.0 + 4.0 * (m - a) / width
        beta = 1.0 + 4.0 * (b - m) / width
        drawn = rng.beta(alpha, beta, size=(n, len(a)))
        drawn *= width
        drawn += a
    else:  # triangular, by inverting its distribution function
        u = rng.random((n, len(a)))
        cut = (m - a) / width
        left = a + np.sqrt(u * width * (m - a))
        right = b - np.sqrt((1.0 - u) * width * (b - m))
        drawn = np.where(u < cut, left, right)
    if len(varies) == len(likely):
        return drawn
    out = np.empty((n, len(likely)))
    out[:] = likely
    out[:, varies] = drawn
    return out


def simulate_budget(plan: Plan, n_draws: int = 2000, seed: int = 2018,
                    distribution: str = "pert", price_level_sd: float = 0.0,
                    quantity_scale_sd: float = 0.0) -> pd.DataFrame:
    """Monte Carlo of the plan's total cost per objective (seeded, vectorised).

    Each cost line's unit cost and quantity are drawn from a PERT (default) or
    triangular distribution on low/likely/high (the line's own noise); one draw
    holds for every year of the line. Lines without a range keep their likely
    value. Errors shared by every line (a salary scale or price level wrong
    everywhere, a caseload larger or smaller than assumed everywhere) are two
    factors drawn once per draw and applied to every line: unit costs times
    ``exp(N(0, price_level_sd))``, quantities times ``exp(N(0,
    quantity_scale_sd))`` (lognormal, median 1). With both at 0 the lines are
    independent. See docs/assumptions.md#m03-uncertainty-model.

    Parameters
    ----------
    plan : Plan
    n_draws : int
        Number of draws (>= 1).
    seed : int
        Seed of numpy's random generator: same plan, seed and n_draws, same draws.
    distribution : {"pert", "triangular"}
    price_level_sd, quantity_scale_sd : float
        Log standard deviations of the shared price-level and quantity-scale
        factors (>= 0; ``cost_scaling.csv`` holds the values a run uses).

    Returns
    -------
    DataFrame
        ``draw, objective_id, amount_constant, amount_nominal, currency,
        price_year``: one row per draw and objective, contingency included.

    Raises
    ------
    ValueError
        For an unknown distribution, ``n_draws`` < 1 or a negative spread.
    """
    if min(price_level_sd, quantity_scale_sd) < 0:
        raise ValueError("price_level_sd and quantity_scale_sd must be >= 0; found "
                         f"{price_level_sd}, {quantity_scale_sd}")
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution must be one of {DISTRIBUTIONS}; "
                         f"found {distribution!r}")
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1; found {n_draws}")
    inputs = _uncertainty_inputs(plan)
    objectives = np.sort(inputs["objective_id"].unique())
    column = np.searchsorted(objectives, inputs["objective_id"].to_numpy())
    n_lines = len(inputs)
    design = np.zeros((n_lines, len(objectives)))
    design[np.arange(n_lines), column] = 1.0
    k = len(objectives)
    weights = np.hstack([design * inputs["weight_constant"].to_numpy()[:, None],
                         design * inputs["weight_nominal"].to_numpy()[:, None]])
    q = (inputs["quantity_low"].to_numpy(), inputs["quantity_likely"].to_numpy(),
         inputs["quantity_high"].to_numpy())
    c = (inputs["unit_cost_low"].to_numpy(), inputs["unit_cost_likely"].to_numpy(),
         inputs["unit_cost_high"].to_numpy())
    chunk = max(1, _CHUNK_CELLS // max(n_lines, 1))
    starts = list(range(0, n_draws, chunk))
    # One child seed per chunk: results do not depend on thread scheduling.
    children = np.random.SeedSequence(seed).spawn(len(starts))

    def run(i: int) -> np.ndarray:
        rng = np.random.default_rng(children[i])
        n = min(chunk, n_draws - starts[i])
        factor = _sample(rng, *q, n, distribution) * _sample(rng, *c, n, distribution)
        # shared factors: one per draw, the same for every line of that draw
        shared = np.exp(rng.normal(0.0, price_level_sd, n)
                        + rng.normal(0.0, quantity_scale_sd, n))
        factor = factor * shared[:, None]
        totals: np.ndarray = factor @ weights  # (n, 2k): constant, nominal by objective
        return totals

    workers = max(1, min(2, os.cpu_count() or 1, len(starts)))
    if workers == 1:
        results = [run(i) for i in range(len(starts))]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(run, range(len(starts))))
    totals = np.vstack(results)
    constant, nominal = totals[:, :k], totals[:, k:]
    return pd.DataFrame({
        "draw": np.repeat(np.arange(n_draws), k),
        "objective_id": np.tile(objectives, n_draws).astype(int),
        "amount_constant": constant.reshape(-1),
        "amount_nominal": nominal.reshape(-1),
        "currency": plan.settings.reporting_currency,
        "price_year": plan.settings.base_year,
    })


def summarise_simulation(draws: pd.DataFrame, lines: pd.DataFrame | None = None
                         ) -> pd.DataFrame:
    """Return P10/P50/P90 and the mean, overall and per objective.

    Parameters
    ----------
    draws : DataFrame
        From :func:`simulate_budget`.
    lines : DataFrame, optional
        Budget lines, to show the deterministic (likely-value) total beside the
        range.

    Returns
    -------
    DataFrame
        ``scope, objective_id, price_basis, deterministic,
        deterministic_percentile, mean, p10, p50, p90, currency, price_year,
        n_draws``: ``scope`` is ``total`` (objective_id NA) or ``objective``;
        ``price_basis`` is ``constant`` or ``nominal``;
        ``deterministic_percentile`` (0-100) the share of draws at or below the
        deterministic figure, so a report can say where it sits in the range.
    """
    currency, price_year = check_single_money_basis(draws)
    n_draws = int(draws["draw"].nunique())
    rows = []
    for basis in ("constant", "nominal"):
        column = f"amount_{basis}"
        wide = draws.pivot(index="draw", columns="objective_id", values=column)
        parts = {"total": wide.sum(axis=1).to_frame("all")} | {"objective": wide}
        for scope, frame in parts.items():
            values = frame.to_numpy()
            p10, p50, p90 = np.percentile(values, [10, 50, 90], axis=0)
            for j, key in enumerate(frame.columns):
                deterministic = np.nan
                if lines is not None:
                    mask = (lines["objective_id"] == key) if scope == "objective" else (
                        slice(None))
                    deterministic = round(float(lines.loc[mask, column].sum()), 2)
                position = (float((values[:, j] <= deterministic).mean() * 100)
                            if deterministic == deterministic else np.nan)
                rows.append({
                    "scope": scope,
                    "objective_id": pd.NA if scope == "total" else int(key),
                    "price_basis": basis,
                    "deterministic": deterministic,
                    "deterministic_percentile": round(position, 1),
                    "mean": float(values[:, j].mean()),
                    "p10": float(p10[j]), "p50": float(p50[j]), "p90": float(p90[j]),
                    "currency": currency, "price_year": price_year,
                    "n_draws": n_draws,
                })
    out = pd.DataFrame(rows)
    out["objective_id"] = out["objective_id"].astype("Int64")
    return out


def total_draws(draws: pd.DataFrame, price_basis: str = "constant") -> pd.DataFrame:
    """Return the simulated grand total per draw (for a histogram).

    Returns
    -------
    DataFrame
        ``draw, amount, currency, price_year, price_basis``.
    """
    currency, price_year = check_single_money_basis(draws)
    totals = draws.groupby("draw")[f"amount_{price_basis}"].sum()
    return pd.DataFrame({"draw": totals.index.to_numpy(), "amount": totals.to_numpy(),
                         "currency": currency, "price_year": price_year,
                         "price_basis": price_basis})


def compute_cost_drivers(plan: Plan, top_n: int = 10, lang: str = "en") -> pd.DataFrame:
    """Return the inputs that move the total most (a tornado), one at a time.

    Each line's unit cost, then its quantity, is set to its low and its high
    value while everything else stays at the likely value; the swing is the
    difference between the two totals (constant prices, contingency included).

    Parameters
    ----------
    plan : Plan
    top_n : int
        How many drivers to keep (largest swing first).

    Returns
    -------
    DataFrame
        ``rank, driver, line_id, intervention_id, objective_id, item, variable,
        input_low, input_likely, input_high, total_low, total_likely, total_high,
        swing, currency, price_year``.
    """
    inputs = _uncertainty_inputs(plan)
    weight = inputs["weight_constant"].to_numpy()
    q_likely = inputs["quantity_likely"].to_numpy()
    c_likely = inputs["unit_cost_likely"].to_numpy()
    total = float((q_likely * c_likely * weight).sum())
    frames = []
    for variable, prefix, other in (("unit cost", "unit_cost", q_likely),
                                    ("quantity", "quantity", c_likely)):
        low = inputs[f"{prefix}_low"].to_numpy()
        likely = inputs[f"{prefix}_likely"].to_numpy()
        high = inputs[f"{prefix}_high"].to_numpy()
        total_low = total + (low - likely) * other * weight
        total_high = total + (high - likely) * other * weight
        frames.append(pd.DataFrame({
            "line_id": inputs["line_id"], "intervention_id": inputs["intervention_id"],
            "objective_id": inputs["objective_id"], "item": inputs["item"],
            "variable": variable, "input_low": low, "input_likely": likely,
            "input_high": high, "total_low": total_low, "total_likely": total,
            "total_high": total_high, "swing": total_high - total_low,
        }))
    drivers = pd.concat(frames, ignore_index=True)
    drivers = drivers[drivers["swing"] > 0].sort_values(
        ["swing", "line_id", "variable"], ascending=[False, True, True],
        kind="stable").head(top_n)
    drivers = drivers.assign(
        rank=np.arange(1, len(drivers) + 1),
        driver=[t("costing.driver", lang, item=item, line_id=line,
                  variable=t("value.variable." + variable.replace(" ", "_"), lang))
                for item, line, variable in zip(drivers["item"].astype(str),
                                                drivers["line_id"].astype(str),
                                                drivers["variable"], strict=True)],
        currency=plan.settings.reporting_currency,
        price_year=plan.settings.base_year,
    )
    columns = ["rank", "driver", "line_id", "intervention_id", "objective_id", "item",
               "variable", "input_low", "input_likely", "input_high", "total_low",
               "total_likely", "total_high", "swing", "currency", "price_year"]
    return drivers[columns].reset_index(drop=True)
