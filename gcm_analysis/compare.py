"""Countries side by side: needs, chosen objectives, budget per capita, funding.

Functions over several finished run folders (``outputs/<ISO3>/<run_id>/``, as
``gcm run`` or ``gcm batch`` writes them). :func:`read_runs` reads what the
comparison needs from each folder (its settings and the tables of stages 01-04);
the other functions are pure and take what it returned. Money stays in each
run's own currency and price year: the budget table says which, and a total is
compared across countries only when they share both (:func:`same_money`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from . import io, paths
from .errors import ParameterError

#: The run tables a comparison reads (stages 01, 02, 03 and 04).
RUN_TABLES: tuple[str, ...] = ("needs", "selection", "budget_summary",
                               "funding_gap_total")


@dataclass(frozen=True)
class RunTables:
    """What the comparison uses of one run folder."""

    iso3: str
    run_dir: Path
    settings: dict[str, Any]
    tables: dict[str, pd.DataFrame]


def run_folders(items: Sequence[str | Path], run_id: str = "",
                output_root: str | Path = "") -> list[Path]:
    """Run folders from folder paths or ISO3 codes (with ``run_id``)."""
    found = []
    for item in items:
        text = str(item)
        if len(text) == 3 and text.isalpha():
            if not run_id:
                raise ParameterError(f"{text}: give run_id to find a country's run "
                                     "folder, or give the folder itself")
            found.append(paths.run_dir(text.upper(), run_id, output_root or None))
        else:
            found.append(Path(text))
    return found


def read_runs(folders: Iterable[str | Path]) -> list[RunTables]:
    """Read each run folder's settings and :data:`RUN_TABLES`.

    Raises
    ------
    ParameterError
        Naming the folder and the missing file when a run is incomplete (the
        chain must have run to stage 04), or when fewer than two runs are given.
    """
    runs = []
    for folder in folders:
        path = Path(folder)
        missing = [name for name in ("settings.json",
                                     *(f"{t}.csv" for t in RUN_TABLES))
                   if not (path / name).is_file()]
        if missing:
            raise ParameterError(f"run folder {path}: {', '.join(missing)} missing; "
                                 "run the chain to 04_resource_mobilisation first "
                                 "(gcm run ISO3)")
        import json

        settings = json.loads((path / "settings.json").read_text(encoding="utf-8"))
        tables = {name: io.read_run_table(path, name) for name in RUN_TABLES}
        runs.append(RunTables(settings["country"], path, settings, tables))
    if len(runs) < 2:
        raise ParameterError("a comparison needs at least two run folders")
    return runs


def _label(run: RunTables, runs: Sequence[RunTables]) -> str:
    """The column name of a run: its ISO3, with the run id when one country
    appears twice."""
    twice = sum(r.iso3 == run.iso3 for r in runs) > 1
    return f"{run.iso3} ({run.settings['run_id']})" if twice else run.iso3


def compare_needs(runs: Sequence[RunTables], titles: pd.Series) -> pd.DataFrame:
    """Need score (0-100, 50 = peer median) per objective, one column per run,
    objectives in order of their mean score across the runs."""
    table = pd.DataFrame({"objective_id": titles.index.astype(int),
                          "title": titles.to_numpy()})
    for run in runs:
        scores = run.tables["needs"].set_index("objective_id")["need_score"]
        table[_label(run, runs)] = table["objective_id"].map(scores)
    columns = [_label(r, runs) for r in runs]
    order = table[columns].mean(axis=1).sort_values(ascending=False, kind="stable")
    return table.loc[order.index].reset_index(drop=True)


def compare_selection(runs: Sequence[RunTables], titles: pd.Series) -> pd.DataFrame:
    """Whether each run selected each objective (True/False), and in how many
    runs; objectives chosen by most runs first, unchosen ones left out."""
    table = pd.DataFrame({"objective_id": titles.index.astype(int),
                          "title": titles.to_numpy()})
    for run in runs:
        chosen = run.tables["selection"].set_index("objective_id")["is_selected"]
        table[_label(run, runs)] = table["objective_id"].map(chosen).fillna(
            False).astype(bool)
    columns = [_label(r, runs) for r in runs]
    table["n_runs"] = table[columns].sum(axis=1).astype(int)
    table = table[table["n_runs"] > 0]
    return table.sort_values(["n_runs", "objective_id"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def _population(indicators: pd.DataFrame, iso3: str) -> tuple[float, Any, str]:
    rows = indicators[(indicators["iso3"] == iso3)
                      & (indicators["indicator"] == "population")
                      & indicators["value"].notna()]
    if rows.empty:
        return float("nan"), pd.NA, ""
    latest = rows.sort_values("year").iloc[-1]
    return float(latest["value"]), int(latest["year"]), str(latest["source"])


def compare_budgets(runs: Sequence[RunTables], indicators: pd.DataFrame,
                    names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per run: the plan's total cost, per inhabitant (in all and per
    year), and its funding: secured, committed and expected shares, the gap.

    Costs are at constant prices of the plan's base year, in the run's currency
    (``currency``, ``price_year``); the population is the latest in
    ``indicators`` (``population_year``, ``population_source``). Shares are 0-1
    of the cost; ``gap_amount`` is cost minus committed money.
    """
    rows = []
    for run in runs:
        total = run.tables["budget_summary"].set_index("component").loc["total"]
        funding = run.tables["funding_gap_total"].iloc[0]
        population, year, source = _population(indicators, run.iso3)
        years = int(run.settings["horizon_years"])
        cost = float(total["amount_constant"])
        rows.append({
            "run": _label(run, runs), "iso3": run.iso3,
            "country_name": (names or {}).get(run.iso3, run.iso3),
            "currency": str(total["currency"]), "price_year": int(total["price_year"]),
            "plan_years": f"{run.settings['base_year']}-"
                          f"{int(run.settings['base_year']) + years - 1}",
            "is_own_plan": bool(run.settings.get("plan_file")),
            "cost_amount": cost,
            "population": population, "population_year": year,
            "population_source": source,
            "cost_per_capita": cost / population if population else float("nan"),
            "cost_per_capita_per_year": cost / population / years
            if population else float("nan"),
            "secured_share": float(funding["secured_share"]),
            "committed_share": float(funding["committed_share"]),
            "expected_share": float(funding["expected_share"]),
            "gap_amount": float(funding["gap_amount"]),
            "gap_share": float(funding["gap_share"]),
        })
    return pd.DataFrame(rows)


def same_money(budgets: pd.DataFrame) -> bool:
    """Whether every run's amounts share one currency and price year (only then
    are totals and amounts per capita comparable as they stand)."""
    return budgets[["currency", "price_year"]].drop_duplicates().shape[0] == 1


def country_names(codes: Iterable[str], lang: str = "en") -> dict[str, str]:
    """Display names of ISO3 codes in ``lang`` (French names where known)."""
    from . import reference

    table = reference.countries().set_index("iso3")
    names = {}
    for code in codes:
        row = table.loc[code]
        french = row.get("country_name_fr") if lang == "fr" else None
        names[code] = str(french if isinstance(french, str) and french
                          else row["country_name"])
    return names
