"""A batch's records and what it writes: manifest (CSV, JSON) and the index page."""


import datetime as dt
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, io
from .remote import UrlOutput

log = logging.getLogger(__name__)


#: What a batch records of its request, for ``--resume``.
REQUEST_FILE = "batch.json"
#: How often a running batch looks at its workers and for a stop signal, seconds.
POLL_SECONDS = 0.2

MANIFEST_COLUMNS = ["country", "country_name", "status", "seconds", "error",
                    "run_dir", "report_html", "report_pdf", "report_docx", "notes"]


@dataclass
class BatchRecord:
    """One country's line in the manifest."""

    country: str
    status: str  # ok | failed | timeout | refused | interrupted | pending
    seconds: float = 0.0
    error: str = ""
    run_dir: str = ""
    report_html: str = ""
    report_pdf: str = ""
    notes: str = ""
    report_docx: str = ""
    country_name: str = ""
    headline: dict[str, Any] = field(default_factory=dict)


@dataclass
class BatchResult:
    """What a batch produced."""

    batch_id: str
    batch_dir: Path
    records: list[BatchRecord]
    seconds: float
    #: the signal that stopped the batch (``signal.SIGINT``...), or None
    interrupted: int | None = None
    #: where the index is (a URL for a remote output root)
    location: str = ""

    def __post_init__(self) -> None:
        self.location = self.location or str(self.batch_dir / "index.html")

    @property
    def failed(self) -> list[BatchRecord]:
        return [r for r in self.records if r.status != "ok"]

    @property
    def exit_code(self) -> int:
        """0 all ok; 1 a country did not succeed; 128 + signal when interrupted."""
        if self.interrupted:
            return 128 + int(self.interrupted)
        return 1 if self.failed else 0



# ------------------------------------------------------------------ outputs
def manifest_frame(result: BatchResult) -> pd.DataFrame:
    """The manifest as a table, one row per country, sorted by country."""
    rows = []
    for record in result.records:
        row = {column: getattr(record, column) for column in MANIFEST_COLUMNS}
        for key, value in sorted(record.headline.items()):  # lists as JSON
            row[key] = json.dumps(value) if isinstance(value, list | dict) else value
        rows.append(row)
    return pd.DataFrame(rows)


class _ManifestWriter:
    """Writes the batch's manifest and index, again each time a country ends."""

    def __init__(self, batch_id: str, batch_dir: Path, root: Path, started: float,
                 mirror: UrlOutput | None = None, lang: str = "en") -> None:
        self.batch_id, self.batch_dir, self.root = batch_id, batch_dir, root
        self.started, self.mirror, self.lang = started, mirror, lang

    def write(self, records: Mapping[str, Mapping[str, Any]],
              interrupted: int | None = None) -> BatchResult:
        rows = [BatchRecord(**records[c]) for c in sorted(records)]
        result = BatchResult(self.batch_id, self.batch_dir, rows,
                             time.perf_counter() - self.started, interrupted)
        written = write_batch_outputs(result, self.root, self.lang)
        if self.mirror is not None:
            self.mirror.push_files(f"batch/{self.batch_id}",
                                   [REQUEST_FILE, *written])
            result.location = f"{self.mirror.url}/batch/{self.batch_id}/index.html"
        return result


def write_batch_outputs(result: BatchResult, root: Path, lang: str = "en"
                        ) -> dict[str, Path]:
    """Write manifest.csv, manifest.json and index.html (in ``lang``) atomically."""
    names = _country_names()
    for record in result.records:
        record.country_name = str(names.get(record.country, ""))
    frame = manifest_frame(result)
    batch_dir = result.batch_dir
    summary = {
        "batch_id": result.batch_id,
        "version": __version__,
        "created_utc": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "seconds": round(result.seconds, 3),
        "countries": len(result.records),
        "ok": sum(r.status == "ok" for r in result.records),
        "failed": sum(r.status in ("failed", "timeout", "refused")
                      for r in result.records),
        "interrupted": sum(r.status == "interrupted" for r in result.records),
        "pending": sum(r.status == "pending" for r in result.records),
        "complete": all(r.status not in ("pending", "interrupted")
                        for r in result.records),
        "stopped_by": _signal_name(result.interrupted),
        "runs": [asdict(r) for r in result.records],
    }
    written = {
        "manifest.csv": io.write_csv_atomic(batch_dir / "manifest.csv", frame),
        "manifest.json": io.write_json_atomic(batch_dir / "manifest.json", summary),
        "index.html": io.write_text_atomic(batch_dir / "index.html",
                                           render_index(result, summary, lang)),
    }
    return written


def _country_names() -> Mapping[str, str]:
    from .reference import countries

    return countries().set_index("iso3")["country_name"].to_dict()


def _signal_name(signum: int | None) -> str | None:
    import signal

    return signal.Signals(signum).name if signum else None


def render_index(result: BatchResult, summary: Mapping[str, Any], lang: str = "en",
                 countries: pd.DataFrame | None = None) -> str:
    """The batch's offline index page, in ``lang``: headline charts across
    countries, a sortable and filterable table with units, plan flags, errors
    and links (relative) to every report (:mod:`gcm_analysis.batch_page`).

    ``countries`` is the reference table (``iso3, country_name, country_name_fr,
    wb_region, wb_income_group``); read from the reference data when omitted.
    """
    from .batch_page import render_page
    from .i18n import group_name
    from .reference import countries as read_countries
    from .reference import objective_titles

    table = (read_countries() if countries is None else countries).set_index("iso3")
    facts: dict[str, dict[str, str]] = {}
    for record in result.records:
        if record.country not in table.index:
            continue
        row = table.loc[record.country]
        name = row.get("country_name_fr") if lang == "fr" else None
        facts[record.country] = {
            "country_name": str(name if isinstance(name, str) and name
                                else row["country_name"]),
            "region": group_name("wb_region", _text(row.get("wb_region")), lang),
            "income_group": group_name("wb_income", _text(row.get("wb_income_group")),
                                       lang),
        }
    titles = {int(k): str(v) for k, v in objective_titles(lang, short=True).items()}
    return render_page(result, summary, lang, facts, titles)


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)  # type: ignore[call-overload]
