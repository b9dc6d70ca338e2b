"""Benchmark of plan import, costing and Monte Carlo (prints figures; not a test).

Run with ``make benchmark`` or ``python benchmarks/bench_costing.py``. It

1. generates a plan with 50,000 cost lines (2,000 interventions x 25 lines),
   writes it as an .xlsx workbook (not timed against a target);
2. imports it: read with calamine + full validation (target <= 4 s);
3. costs it: budget lines per year, contingency, summaries (reported);
4. runs a Monte Carlo of 10,000 draws over a 1,000-line plan, PERT on unit
   costs and quantities of every line (target <= 2 s).

Targets are for the project's 2-core machine. Everything is written to a
temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from gcm_analysis import costing, plan

IMPORT_TARGET_S = 4.0
MONTE_CARLO_TARGET_S = 2.0
CATEGORIES = ("staff", "consultancy", "meetings_training", "travel", "equipment",
              "it_systems", "communication", "services", "research_data", "operations")


def generated_tables(n_interventions: int, lines_per_intervention: int,
                     seed: int = 7) -> dict[str, pd.DataFrame]:
    """Return plan sheets with random but valid content (three currencies)."""
    rng = np.random.default_rng(seed)
    n_lines = n_interventions * lines_per_intervention
    ids = [f"BEN-{i:05d}" for i in range(n_interventions)]
    start = rng.integers(2025, 2027, n_interventions)
    interventions = pd.DataFrame({
        "intervention_id": ids,
        "objective_id": rng.integers(1, 24, n_interventions),
        "title": [f"Generated intervention {i}" for i in range(n_interventions)],
        "lead_ministry": rng.choice(["Ministry A", "Ministry B", "Ministry C"],
                                    n_interventions),
        "start_year": start,
        "end_year": start + rng.integers(0, 2, n_interventions),
        "is_essential": rng.choice(["yes", "no"], n_interventions),
        "guiding_principles": "1,6,9",
    })
    owner = np.repeat(np.arange(n_interventions), lines_per_intervention)
    likely = np.round(rng.lognormal(6, 1.5, n_lines), 2)
    quantity = rng.integers(1, 50, n_lines).astype(float)
    cost_lines = pd.DataFrame({
        "intervention_id": np.asarray(ids)[owner],
        "item": [f"Input {k}" for k in range(n_lines)],
        "category": rng.choice(CATEGORIES, n_lines),
        "is_support_activity": rng.choice(["yes", "no"], n_lines, p=[0.2, 0.8]),
        "unit": "unit",
        "quantity_per_year": quantity,
        "quantity_per_year_low": np.floor(quantity * 0.8),
        "quantity_per_year_high": np.ceil(quantity * 1.3),
        "unit_cost_low": np.round(likely * 0.8, 2),
        "unit_cost_likely": likely,
        "unit_cost_high": np.round(likely * 1.5, 2),
        "currency": rng.choice(["USD", "EUR", "KES"], n_lines, p=[0.6, 0.3, 0.1]),
        "price_year": rng.integers(2023, 2026, n_lines),
        "cost_type": rng.choice(["recurrent", "start_up"], n_lines, p=[0.7, 0.3]),
        "costing_method": rng.choice(["bottom_up", "top_down"], n_lines,
                                     p=[0.95, 0.05]),
        "source": "benchmark (generated)",
    })
    settings = pd.DataFrame({
        "setting": ["country", "reporting_currency", "base_year", "horizon_years",
                    "contingency_pct", "inflation_pct"],
        "value": ["KEN", "USD", 2025, 3, 10, 3.0],
    })
    rates = pd.DataFrame({
        "from_currency": ["EUR", "EUR", "KES"],
        "to_currency": ["USD", "USD", "USD"],
        "rate": [1.08, 1.10, 0.0077],
        "rate_date": ["2024-07-01", "2025-07-01", "2025-01-15"],
        "source": "benchmark (generated)",
    })
    return {"settings": settings, "interventions": interventions,
            "cost_lines": cost_lines, "exchange_rates": rates}


def timed(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Return the result, the wall-clock seconds and the process CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    timed.cpu = time.process_time() - cpu  # type: ignore[attr-defined]
    return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--mc-lines", type=int, default=1_000)
    parser.add_argument("--draws", type=int, default=10_000)
    args = parser.parse_args()
    per_intervention = 25
    print(f"cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.1f}  "
          f"python {sys.version.split()[0]}  pandas {pd.__version__}  "
          f"numpy {np.__version__}")
    plan.load_extensions()  # import cost of extension modules is not the file's
    with tempfile.TemporaryDirectory() as tmp:
        big = generated_tables(args.lines // per_intervention, per_intervention)
        big_plan, seconds = timed(plan.plan_from_tables, big, "generated")
        workbook = Path(tmp) / "plan_50k.xlsx"
        _, write_s = timed(plan.write_template, workbook, plan=big_plan)
        size_mb = workbook.stat().st_size / 1e6
        print(f"generate: {len(big_plan.cost_lines):,} cost lines, "
              f"{len(big_plan.interventions):,} interventions; "
              f"xlsx written in {write_s:.1f} s ({size_mb:.1f} MB)")
        imported, import_s = timed(plan.read_plan, workbook)
        import_cpu = timed.cpu  # type: ignore[attr-defined]
        lines, cost_s = timed(costing.compute_budget_lines, imported)
        _, summary_s = timed(costing.summarise_budget, lines, ["objective_id", "year"])
        verdict = "OK" if import_s <= IMPORT_TARGET_S else "SLOWER THAN TARGET"
        print(f"import (calamine read + validation): {import_s:.2f} s "
              f"(CPU {import_cpu:.2f} s) [target <= {IMPORT_TARGET_S:.0f} s] {verdict}")
        print(f"cost: {len(lines):,} budget lines in {cost_s:.2f} s; "
              f"summary by objective x year in {summary_s:.3f} s")
        print(f"import + cost: {import_s + cost_s:.2f} s")

    small = generated_tables(args.mc_lines // per_intervention, per_intervention, 11)
    mc_plan = plan.plan_from_tables(small, "generated")
    costing.simulate_budget(mc_plan, n_draws=100, seed=1)  # warm-up (thread pool)
    draws, mc_s = timed(costing.simulate_budget, mc_plan, n_draws=args.draws, seed=2018)
    mc_cpu = timed.cpu  # type: ignore[attr-defined]
    again = costing.simulate_budget(mc_plan, n_draws=args.draws, seed=2018)
    same = draws["amount_constant"].equals(again["amount_constant"])
    verdict = "OK" if mc_s <= MONTE_CARLO_TARGET_S else "SLOWER THAN TARGET"
    print(f"Monte Carlo: {args.draws:,} draws x {len(mc_plan.cost_lines):,} lines "
          f"(PERT on unit cost and quantity of every line): {mc_s:.2f} s "
          f"(CPU {mc_cpu:.2f} s, 2 threads) "
          f"[target <= {MONTE_CARLO_TARGET_S:.0f} s] {verdict}; "
          f"same seed, same draws: {same}")
    _, tri_s = timed(costing.simulate_budget, mc_plan, n_draws=args.draws, seed=2018,
                     distribution="triangular")
    print(f"Monte Carlo, triangular: {tri_s:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
