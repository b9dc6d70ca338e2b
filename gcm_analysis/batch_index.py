"""A batch's records and what it writes: manifest (CSV, JSON) and the index page."""


import datetime as dt
import html
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
                    "run_dir", "report_html", "report_pdf", "notes"]


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
        for key, value in sorted(record.headline.items()):
            row[key] = value
        rows.append(row)
    return pd.DataFrame(rows)


class _ManifestWriter:
    """Writes the batch's manifest and index, again each time a country ends."""

    def __init__(self, batch_id: str, batch_dir: Path, root: Path, started: float,
                 mirror: UrlOutput | None = None) -> None:
        self.batch_id, self.batch_dir, self.root = batch_id, batch_dir, root
        self.started, self.mirror = started, mirror

    def write(self, records: Mapping[str, Mapping[str, Any]],
              interrupted: int | None = None) -> BatchResult:
        rows = [BatchRecord(**records[c]) for c in sorted(records)]
        result = BatchResult(self.batch_id, self.batch_dir, rows,
                             time.perf_counter() - self.started, interrupted)
        written = write_batch_outputs(result, self.root)
        if self.mirror is not None:
            self.mirror.push_files(f"batch/{self.batch_id}",
                                   [REQUEST_FILE, *written])
            result.location = f"{self.mirror.url}/batch/{self.batch_id}/index.html"
        return result


def write_batch_outputs(result: BatchResult, root: Path) -> dict[str, Path]:
    """Write manifest.csv, manifest.json and index.html atomically."""
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
                                           render_index(result, summary)),
    }
    return written


def _country_names() -> Mapping[str, str]:
    from .reference import countries

    return countries().set_index("iso3")["country_name"].to_dict()


def _signal_name(signum: int | None) -> str | None:
    import signal

    return signal.Signals(signum).name if signum else None


_STATUS_COLOURS = {"ok": "#2e7d32", "failed": "#c62828", "timeout": "#e65100",
                   "refused": "#6a1b9a", "interrupted": "#5d4037",
                   "pending": "#546e7a"}


def render_index(result: BatchResult, summary: Mapping[str, Any]) -> str:
    """A static, escaped index page linking every report (relative links)."""
    esc = html.escape
    headline_keys = sorted({k for r in result.records for k in r.headline})
    head = "".join(f"<th>{esc(k)}</th>" for k in headline_keys)
    rows = []
    for record in result.records:
        link = (f'<a href="../../{esc(record.report_html)}">HTML</a>'
                if record.report_html else "")
        if record.report_pdf:
            link += f' · <a href="../../{esc(record.report_pdf)}">PDF</a>'
        colour = _STATUS_COLOURS.get(record.status, "#333")
        figures = "".join(
            f"<td>{esc(_fmt(record.headline.get(k), k))}</td>" for k in headline_keys)
        rows.append(
            f"<tr><td>{esc(record.country)}</td><td>{esc(record.country_name)}</td>"
            f'<td style="color:{colour};font-weight:bold">{esc(record.status)}</td>'
            f"<td>{record.seconds:.1f}</td>{figures}<td>{link}</td>"
            f"<td>{esc(record.error)}</td></tr>")
    failed = summary["failed"]
    verdict = (f"{summary['ok']} of {summary['countries']} countries ok"
               + (f", <strong>{failed} failed</strong>" if failed else ""))
    if summary["stopped_by"]:
        verdict += (f" · <strong>stopped by {esc(summary['stopped_by'])}</strong>: "
                    f"{summary['interrupted']} interrupted; finish with "
                    f"<code>gcm batch --resume {esc(result.batch_id)}</code>")
    elif summary["pending"]:
        verdict += f" · running: {summary['pending']} to go"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'">
<title>GCM Workbook batch {esc(result.batch_id)}</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#222}}
table{{border-collapse:collapse;font-size:13px}}td,th{{border-bottom:1px solid #ddd;
padding:4px 8px;text-align:left;vertical-align:top}}th{{background:#f3f5f8}}</style>
</head><body>
<h1>Batch {esc(result.batch_id)}</h1>
<p>{verdict} · {summary['seconds']:.0f} s · GCM Workbook {esc(__version__)}</p>
<table><thead><tr><th>ISO3</th><th>Country</th><th>Status</th><th>Seconds</th>{head}
<th>Report</th><th>Error</th></tr></thead><tbody>
{''.join(rows)}
</tbody></table></body></html>
"""


def _fmt(value: Any, key: str = "") -> str:
    """A headline value for the index: shares as percentages (each a share of
    the total cost, as the funding vocabulary names them), years as years."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key.endswith("_share") and isinstance(value, int | float):
        return f"{100 * value:.0f} %"
    if key.endswith("year") and isinstance(value, int | float):
        return str(int(value))
    if isinstance(value, int | float):
        return f"{value:,.0f}"
    return str(value)
