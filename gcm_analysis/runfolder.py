"""The run folder: the one place that loads a stage's inputs and writes its tables.

A run folder ``outputs/<ISO3>/<run_id>/`` holds, besides the tables:

``settings.json``
    The run's settings, fixed once when the folder is set up (notebook 00, or
    ``gcm run`` before any kernel starts): country, language, reporting
    currency, plan years, the plan file (its name and SHA-256) and the run date.
    Later stages take them from here; nobody types them twice.
``plan/``
    The plan the run uses, read and validated once at set-up, as typed CSV
    tables (``plan/<sheet>.csv`` and ``plan/schema.json``). Stages read this
    snapshot, never the plan file again.
``provenance.json``
    One record per stage that ran: its notebook, the time, the stage
    parameters, the SHA-256 of every input it read (run tables, the settings,
    the plan snapshot, processed and reference data files) and of every table
    it wrote.

Staleness is decided from those records only. A stage is *fresh* when every
input it recorded still has the recorded hash and the stages that produced its
input tables are fresh too. Loading a stage's inputs refuses, with one
sentence naming the notebook to run, when an input table is missing, was
produced by a stale stage, or was changed by hand; so a report can never mix
tables computed from different inputs. Nothing below this module (stages,
domain) opens a file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from . import io, paths
from .errors import GcmError
from .indicators_panel import typed_latest

SETTINGS_FILE = "settings.json"
PROVENANCE_FILE = "provenance.json"
PLAN_DIR = "plan"
PLAN_SCHEMA = "schema.json"
#: Local path of the plan file (for the edit check only; not in run.json's text).
SOURCE_FILE = ".plan_source"

#: The run settings fixed at set-up, in the order they are shown.
SETTING_NAMES: tuple[str, ...] = (
    "country", "run_id", "lang", "currency", "base_year", "horizon_years",
    "plan_file", "plan_sha256", "run_date",
)


class StaleRunError(GcmError):
    """A stage's inputs are missing or out of date; the message says what to run."""


@dataclass(frozen=True)
class RunSettings:
    """The settings of one run folder (``settings.json``)."""

    country: str
    run_id: str
    lang: str
    currency: str
    base_year: int
    horizon_years: int
    plan_file: str  # file name as given (no local path); "" = starter plan
    plan_sha256: str
    run_date: str  # ISO date (UTC) the folder was set up

    @property
    def has_plan(self) -> bool:
        return bool(self.plan_file)

    @property
    def years(self) -> tuple[int, int]:
        return self.base_year, self.base_year + self.horizon_years - 1

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in SETTING_NAMES}


# ------------------------------------------------------------------- hashing
@lru_cache(maxsize=512)
def _sha_cached(path: str, mtime_ns: int, size: int) -> str:
    return io.sha256_file(path)


def file_sha(path: Path) -> str | None:
    """SHA-256 of a file (cached on path, modification time and size), or None."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return _sha_cached(str(path), stat.st_mtime_ns, stat.st_size)


def data_path(name: str) -> Path:
    """``processed/<table>`` or ``reference/<table>`` -> its CSV file."""
    kind, _, table = name.partition("/")
    if kind == "processed":
        return paths.processed_file(table)
    if kind == "reference":
        return paths.reference_file(table)
    raise ValueError(f"unknown data name {name!r}: use processed/... or reference/...")


def read_data(names: Iterable[str]) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Read processed and reference tables by name; return them and their hashes."""
    tables: dict[str, pd.DataFrame] = {}
    hashes: dict[str, str] = {}
    for name in names:
        kind, _, table = name.partition("/")
        tables[name] = (io.read_processed(table) if kind == "processed"
                        else io.read_reference(table))
        if name == "processed/country_latest":
            tables[name] = typed_latest(tables[name])
        hashes[name] = file_sha(data_path(name)) or ""
    return tables, hashes


# ------------------------------------------------------------- plan snapshot
def write_plan_snapshot(plan: Any, folder: Path) -> str:
    """Write a validated plan as typed CSV tables; return the snapshot's digest.

    Each table keeps its index (column ``__row__``) and dtypes (``schema.json``),
    so :func:`read_plan_snapshot` gives back an equal plan without validating
    it again.
    """
    folder.mkdir(parents=True, exist_ok=True)
    tables = {"interventions": plan.interventions, "cost_lines": plan.cost_lines,
              "exchange_rates": plan.exchange_rates,
              "inflation_rates": plan.inflation_rates,
              "priorities": plan.priorities}
    tables.update({f"extra.{k}": v for k, v in plan.extra_sheets.items()})
    schema: dict[str, Any] = {"settings": _plain_settings(plan.settings),
                              "source": Path(str(plan.source)).name, "tables": {},
                              "warnings": [_plain_warning(p, plan.source)
                                           for p in plan.warnings]}
    for name, table in tables.items():
        frame = table.copy()
        frame.insert(0, "__row__", frame.index)
        io.write_csv_atomic(folder / f"{name}.csv", frame)
        # a list of pairs: the JSON is written with sorted keys
        schema["tables"][name] = [[c, str(t)] for c, t in table.dtypes.items()]
    io.write_json_atomic(folder / PLAN_SCHEMA, schema)
    return snapshot_sha(folder)


def _plain_warning(problem: Any, source: Any) -> dict[str, Any]:
    """A plan warning as JSON, its file named without local folders."""
    out: dict[str, Any] = problem.to_dict()
    out["file"] = Path(str(out["file"] or source)).name
    return out


def _plain_settings(settings: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(settings)


def snapshot_sha(folder: Path) -> str:
    """One digest over the snapshot's files (names and bytes)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(folder.glob("*")):
        digest.update(path.name.encode())
        digest.update((file_sha(path) or "").encode())
    return digest.hexdigest()


def read_plan_snapshot(folder: Path) -> Any:
    """Return the plan written by :func:`write_plan_snapshot` (no re-validation)."""
    from .errors import Problem
    from .plan import Plan, PlanSettings

    schema = json.loads((folder / PLAN_SCHEMA).read_text(encoding="utf-8"))
    tables: dict[str, pd.DataFrame] = {}
    for name, pairs in schema["tables"].items():
        dtypes = dict(pairs)
        parse = [c for c, t in dtypes.items() if t.startswith("datetime")]
        raw = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False,
                          na_values=[""])
        frame = raw.set_index("__row__")
        frame.index = frame.index.astype("int64")
        frame.index.name = None
        for column, dtype in dtypes.items():
            if column in parse:
                frame[column] = pd.to_datetime(frame[column]).astype(dtype)
            elif dtype in ("Int64", "int64"):
                frame[column] = pd.to_numeric(frame[column]).astype(dtype)
            elif dtype in ("Float64", "float64"):
                frame[column] = pd.to_numeric(frame[column]).astype(dtype)
            elif dtype == "boolean" or dtype == "bool":
                frame[column] = frame[column].map(
                    {"True": True, "False": False}).astype(dtype)
            elif dtype == "string":
                frame[column] = frame[column].astype("string")
            else:
                frame[column] = frame[column].astype(object).where(
                    frame[column].notna(), None)
        tables[name] = frame[list(dtypes)]
    settings = PlanSettings(**schema["settings"])
    extra = {k.removeprefix("extra."): v for k, v in tables.items()
             if k.startswith("extra.")}
    return Plan(settings=settings, interventions=tables["interventions"],
                cost_lines=tables["cost_lines"],
                exchange_rates=tables["exchange_rates"],
                inflation_rates=tables["inflation_rates"],
                priorities=tables["priorities"], extra_sheets=extra,
                source=schema["source"],
                warnings=tuple(Problem.from_dict(w)
                               for w in schema.get("warnings", [])))


# ----------------------------------------------------------------- records
@dataclass
class StageRecord:
    """What ``provenance.json`` says about one stage."""

    stage: str
    notebook: str
    computed_utc: str
    parameters: dict[str, Any]
    inputs: dict[str, str | None]
    outputs: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "notebook": self.notebook,
                "computed_utc": self.computed_utc, "parameters": self.parameters,
                "inputs": self.inputs, "outputs": self.outputs}


@dataclass
class LoadedInputs:
    """A stage's inputs as loaded, with the hash of each (for its record)."""

    settings: RunSettings
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    data: dict[str, pd.DataFrame] = field(default_factory=dict)
    plan: Any = None
    hashes: dict[str, str | None] = field(default_factory=dict)


class RunFolder:
    """One run folder: its settings, its tables and where each table came from.

    Parameters
    ----------
    path : Path
        The folder (``paths.run_dir(country, run_id, output_root)``).
    owners : mapping of table name to stage name
        Which stage writes each run table (from :mod:`gcm_analysis.stages`).
    notebooks : mapping of stage name to notebook name
        For the sentences that say what to run.
    """

    def __init__(self, path: Path | str, owners: Mapping[str, str],
                 notebooks: Mapping[str, str]) -> None:
        self.path = Path(path)
        self.owners = dict(owners)
        self.notebooks = dict(notebooks)

    # ------------------------------------------------------------ settings
    @property
    def settings_path(self) -> Path:
        return self.path / SETTINGS_FILE

    def is_set_up(self) -> bool:
        return self.settings_path.exists()

    def settings(self) -> RunSettings:
        """The folder's settings; refuse (naming notebook 00) when there are none."""
        if not self.is_set_up():
            raise StaleRunError(
                f"the run folder {self._shown()} has not been set up: run "
                f"{self.notebooks.get('setup', '00_country_profile')} first "
                f"(or `gcm run {self.path.parent.name}`)")
        values = json.loads(self.settings_path.read_text(encoding="utf-8"))
        return RunSettings(**{k: values[k] for k in SETTING_NAMES})

    def setup(self, settings: RunSettings, plan: Any = None,
              source: Path | None = None) -> RunSettings:
        """Fix the run's settings and write the plan snapshot (``plan`` or None).

        Re-setting a folder with other settings or another plan makes every
        stage computed before stale (their records no longer match).
        """
        self.path.mkdir(parents=True, exist_ok=True)
        snapshot = self.path / PLAN_DIR
        if plan is not None:
            if snapshot.exists():
                _clear(snapshot)
            write_plan_snapshot(plan, snapshot)
        elif snapshot.exists():
            _clear(snapshot)
            snapshot.rmdir()
        marker = self.path / SOURCE_FILE
        if source is not None:  # where to look for edits; never published
            io.write_text_atomic(marker, str(Path(source).resolve()))
        else:
            marker.unlink(missing_ok=True)
        io.write_json_atomic(self.settings_path, settings.to_dict())
        return settings

    def plan_source(self) -> Path | None:
        """The plan file this folder was set up from, if it is known here."""
        marker = self.path / SOURCE_FILE
        return Path(marker.read_text(encoding="utf-8")) if marker.exists() else None

    def plan(self) -> Any:
        """The plan snapshot (validated at set-up), or None for a starter plan."""
        folder = self.path / PLAN_DIR
        return read_plan_snapshot(folder) if (folder / PLAN_SCHEMA).exists() else None

    def plan_sha(self) -> str | None:
        folder = self.path / PLAN_DIR
        return snapshot_sha(folder) if (folder / PLAN_SCHEMA).exists() else None

    # ------------------------------------------------------------- records
    def records(self) -> dict[str, StageRecord]:
        path = self.path / PROVENANCE_FILE
        if not path.exists():
            return {}
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {k: StageRecord(**v) for k, v in raw.get("stages", {}).items()}

    def _write_records(self, records: Mapping[str, StageRecord]) -> None:
        io.write_json_atomic(self.path / PROVENANCE_FILE, {
            "about": "Each stage's inputs and outputs with their SHA-256; a stage "
                     "whose inputs no longer match is stale.",
            "stages": {k: v.to_dict() for k, v in records.items()}})

    def table_path(self, name: str) -> Path:
        return self.path / f"{name}.csv"

    def current_hash(self, name: str) -> str | None:
        """The hash an input has now (``run:<table>``, ``settings``, ``plan``,
        ``processed/...``, ``reference/...``)."""
        if name.startswith("run:"):
            return file_sha(self.table_path(name[4:]))
        if name == "settings":
            return file_sha(self.settings_path)
        if name == "plan":
            return self.plan_sha()
        return file_sha(data_path(name))

    def _stale_reason(self, stage: str, records: Mapping[str, StageRecord],
                      seen: dict[str, str | None]) -> str | None:
        """Why ``stage``'s tables are out of date (None = fresh); memoised."""
        if stage in seen:
            return seen[stage]
        record = records.get(stage)
        seen[stage] = None
        if record is None:
            reason: str | None = "has not run"
        else:
            reason = None
            for name, recorded in record.inputs.items():
                if name.startswith("run:"):
                    owner = self.owners.get(name[4:])
                    upstream = (self._stale_reason(owner, records, seen)
                                if owner else None)
                    if owner and upstream and recorded is not None:
                        reason = f"depends on {self.notebooks[owner]}, which {upstream}"
                        break
                if self.current_hash(name) != recorded:
                    reason = (_changed_words(name) if recorded is not None else
                              f"ran before {name[4:]}.csv existed")
                    break
            if reason is None:
                for table, recorded in record.outputs.items():
                    if file_sha(self.table_path(table)) != recorded:
                        reason = (f"wrote {table}.csv, which was changed or "
                                  "removed since")
                        break
        seen[stage] = reason
        return reason

    def require(self, tables: Sequence[str], for_stage: str) -> None:
        """Refuse, in one sentence, if a table is missing or not fresh."""
        records = self.records()
        seen: dict[str, str | None] = {}
        for table in tables:
            owner = self.owners[table]
            notebook = self.notebooks[owner]
            if not self.table_path(table).exists() or owner not in records:
                raise StaleRunError(
                    f"{self.notebooks[for_stage]} needs {table}.csv, which is not in "
                    f"the run folder {self._shown()}: run {notebook} first")
            reason = self._stale_reason(owner, records, seen)
            if reason:
                first = self._earliest_stale(records, seen)
                raise StaleRunError(
                    f"{self.notebooks[for_stage]} needs {table}.csv, but {notebook} "
                    f"{reason}: run {first} again, then the notebooks after it")

    def _earliest_stale(self, records: Mapping[str, StageRecord],
                        seen: dict[str, str | None]) -> str:
        for stage, notebook in self.notebooks.items():
            if stage in records and self._stale_reason(stage, records, seen):
                return notebook
        return next(iter(self.notebooks.values()))

    def check_plan_source(self, settings: RunSettings, source: Path | None) -> None:
        """Refuse if the plan file named by the settings changed since set-up."""
        if not settings.plan_file or source is None or not source.exists():
            return
        now = io.sha256_file(source) if source.is_file() else _folder_sha(source)
        if now != settings.plan_sha256:
            raise StaleRunError(
                f"the plan {settings.plan_file} changed after the run folder "
                f"{self._shown()} was set up: run "
                f"{self.notebooks.get('setup', '00_country_profile')} again to read "
                "it, then the notebooks after it")

    # ----------------------------------------------------------- load/write
    def load(self, stage: str, tables: Sequence[str], optional: Sequence[str],
             data: Sequence[str], uses_plan: bool) -> LoadedInputs:
        """Load a stage's inputs after checking they are present and fresh."""
        settings = self.settings()
        self.require(tables, stage)
        records = self.records()
        seen: dict[str, str | None] = {}
        loaded = LoadedInputs(settings=settings)
        loaded.hashes["settings"] = self.current_hash("settings")
        for name in tables:
            loaded.tables[name] = pd.read_csv(self.table_path(name))
            loaded.hashes[f"run:{name}"] = file_sha(self.table_path(name))
        for name in optional:
            owner = self.owners[name]
            present = self.table_path(name).exists() and owner in records
            if present and self._stale_reason(owner, records, seen):
                self.require([name], stage)  # raises with the sentence
            if present:
                loaded.tables[name] = pd.read_csv(self.table_path(name))
            loaded.hashes[f"run:{name}"] = (file_sha(self.table_path(name))
                                            if present else None)
        loaded.data, data_hashes = read_data(data)
        loaded.hashes.update(data_hashes)
        if uses_plan:
            loaded.plan = self.plan()
            loaded.hashes["plan"] = self.plan_sha()
        return loaded

    def write(self, stage: str, tables: Mapping[str, pd.DataFrame],
              parameters: Mapping[str, Any], inputs: Mapping[str, str | None]
              ) -> dict[str, Path]:
        """Write a stage's tables atomically and record where they came from."""
        written: dict[str, Path] = {}
        for name, table in tables.items():
            if self.owners.get(name) != stage:
                raise ValueError(f"stage {stage!r} may not write table {name!r}")
            written[name] = io.write_run_table(table, self.path, name)
        records = self.records()
        records[stage] = StageRecord(
            stage=stage, notebook=self.notebooks[stage],
            computed_utc=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            parameters=_jsonable(parameters), inputs=dict(inputs),
            outputs={name: file_sha(path) or "" for name, path in written.items()})
        self._write_records(records)
        return written

    def _shown(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"


def _changed_words(name: str) -> str:
    if name.startswith("run:"):
        return f"read {name[4:]}.csv, which changed since"
    if name == "settings":
        return "ran with other run settings than the folder's now"
    if name == "plan":
        return "costed another version of the plan"
    return f"read {name}.csv, which changed since"


def _folder_sha(folder: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(io.sha256_file(path).encode())
    return digest.hexdigest()


def plan_source_sha(source: Path) -> str:
    """SHA-256 of a plan file, or of a folder of CSV files (names and bytes)."""
    return io.sha256_file(source) if source.is_file() else _folder_sha(source)


def _clear(folder: Path) -> None:
    for path in folder.glob("*"):
        if path.is_file():
            path.unlink()


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(dict(values), default=str))


def today() -> dt.date:
    """The run date (UTC)."""
    return dt.datetime.now(dt.UTC).date()
