"""Fault injection in a batch: the manifest tells the truth, the rest completes.

One batch (two workers, warm kernels) of the profile stage plus a fault stage
(a notebook given as a path, the runner's fault-injection hook):

- KEN: its kernel is killed from outside (SIGKILL by this test) mid-cell;
- MEX: a cell never returns (the run's time limit kills its kernel);
- PHL: the export fails while writing (a folder sits where ``tables.xlsx`` goes);
- TWN: a territory without any indicator data;
- POR: not a country (refused before any kernel);
- PRT: nothing wrong.

Each fault is recorded in ``manifest.csv``/``manifest.json`` with its own
status and error, agrees with the country's ``run.json``, the good country's
report is complete, no failed run has a ``report.html``, and no staging folder
or temporary file is left behind.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from gcm_analysis import batch


def _fault_notebook(path: Path, pid_file: Path) -> str:
    params = new_code_cell('country: str = "PRT"\nrun_id: str = "dev"\n'
                           'output_root: str = ""')
    params.metadata["tags"] = ["parameters"]
    code = (
        "import os, pathlib, time\n"
        "from gcm_analysis import paths\n"
        "run_dir = paths.run_dir(country, run_id, output_root or None)\n"
        "if country == 'KEN':\n"
        f"    pathlib.Path({str(pid_file)!r}).write_text(str(os.getpid()))\n"
        "    time.sleep(120)  # killed from outside while here\n"
        "if country == 'MEX':\n"
        "    time.sleep(600)  # never returns\n"
        "if country == 'PHL':\n"
        "    (run_dir / 'tables.xlsx').mkdir(parents=True)  # the export will fail\n")
    notebook = new_notebook(cells=[params, new_code_cell(code)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, path)
    return str(path)


def _kill_when_started(pid_file: Path, killed: dict, stop: threading.Event) -> None:
    while not stop.is_set():
        if pid_file.exists() and pid_file.read_text().strip():
            pid = int(pid_file.read_text())
            time.sleep(0.5)  # well inside the cell
            os.kill(pid, signal.SIGKILL)
            killed["pid"] = pid
            return
        time.sleep(0.1)


@pytest.mark.slow
def test_batch_faults_are_recorded_truthfully_and_the_rest_completes(tmp_path):
    pid_file = tmp_path / "ken.pid"
    fault = _fault_notebook(tmp_path / "fault_injection.ipynb", pid_file)
    killed: dict[str, int] = {}
    stop = threading.Event()
    killer = threading.Thread(target=_kill_when_started,
                              args=(pid_file, killed, stop), daemon=True)
    killer.start()
    out = tmp_path / "outputs"
    try:
        result = batch.run_batch(
            ["PRT", "KEN", "MEX", "PHL", "TWN", "POR"], {"peer_group": "world"},
            jobs=2, timeout=25, output_root=out, batch_id="faults", pdf=False,
            stages=("00_country_profile", fault), progress=False)
    finally:
        stop.set()
    assert killed, "the KEN kernel was never killed"
    records = {r.country: r for r in result.records}
    status = {code: r.status for code, r in records.items()}
    assert status["PRT"] == "ok"
    assert status["KEN"] == "failed" and ("Dead" in records["KEN"].error
                                         or "died" in records["KEN"].error)
    assert status["MEX"] == "timeout" and "time limit" in records["MEX"].error
    assert status["PHL"] == "failed" and records["PHL"].error.startswith("export:")
    assert "tables.xlsx" in records["PHL"].error
    assert status["POR"] == "refused" and "did you mean PRT" in records["POR"].error
    assert status["TWN"] in ("ok", "failed")  # whichever: told truthfully below

    # the manifest files say the same as the records
    batch_dir = out / "batch" / "faults"
    manifest = pd.read_csv(batch_dir / "manifest.csv", keep_default_na=False)
    assert dict(zip(manifest["country"], manifest["status"], strict=True)) == status
    summary = json.loads((batch_dir / "manifest.json").read_text())
    assert summary["ok"] == sum(s == "ok" for s in status.values())
    assert summary["failed"] == len(status) - summary["ok"]

    for code, record in records.items():
        run_dir = out / code / "faults"
        if record.status == "refused":
            assert not run_dir.exists()
            continue
        run_json = json.loads((run_dir / "run.json").read_text())
        assert run_json["status"] == ("ok" if record.status == "ok" else "failed"), code
        if record.status == "ok":  # complete: report last, every output listed
            assert (run_dir / "report.html").is_file()
            assert "report.html" in run_json["outputs"]
            assert record.report_html == f"{code}/faults/report.html"
        else:  # no half-written report looks complete
            assert run_json["error"] and not (run_dir / "report.html").exists(), code
            assert record.report_html == ""
    assert "export: " in json.loads(
        (out / "PHL" / "faults" / "run.json").read_text())["error"]
    assert not (out / ".staging").exists()
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")
                 or p.name.startswith(".trash-")]
    assert leftovers == []


@pytest.mark.slow
def test_a_failure_writing_the_report_itself_leaves_a_truthful_failed_run(tmp_path):
    """The last write of a run (report.html) fails: the run is recorded as failed,
    whatever sat where the report goes is removed, nothing is left staging."""
    params = new_code_cell('country: str = "PRT"\nrun_id: str = "dev"\n'
                           'output_root: str = ""')
    params.metadata["tags"] = ["parameters"]
    notebook = new_notebook(cells=[params, new_code_cell(
        "from gcm_analysis import paths\n"
        "run_dir = paths.run_dir(country, run_id, output_root or None)\n"
        "(run_dir / 'report.html').mkdir(parents=True)  # report.html is blocked\n"
        "(run_dir / 'report.html' / 'index.html').write_text('<p>complete?</p>')")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path = tmp_path / "blocks_the_report.ipynb"
    nbformat.write(notebook, path)
    from gcm_analysis.runner import run_country

    out = tmp_path / "outputs"
    result = run_country({"country": "PRT", "run_id": "r"}, stages=(str(path),),
                         output_root=out, pdf=False)
    assert result.status == "failed" and result.error.startswith("export:")
    run_json = json.loads((result.run_dir / "run.json").read_text())
    assert run_json["status"] == "failed" and run_json["error"] == result.error
    assert not (result.run_dir / "report.html").exists()
    assert "report.html" not in run_json["outputs"]
    assert not (out / ".staging").exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
