"""Stopping a batch: signals, no process left, manifest of what finished, resume.

The slow tests start a real ``gcm batch`` (four countries, two workers, no PDF)
in a new session, with an environment variable of their own that every process
of the batch inherits, and count the processes carrying it after the signal.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from gcm_analysis import batch, cleanup, cli, paths

psutil = pytest.importorskip("psutil")

COUNTRIES = ["DEU", "KEN", "PRT", "SEN"]
GCM = [sys.executable, "-m", "gcm_analysis"]


# ------------------------------------------------------------------ helpers
def _processes_with(name: str, value: str) -> list[int]:
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get(name) == value and \
                    process.status() != psutil.STATUS_ZOMBIE:
                found.append(process.pid)
        except (psutil.Error, OSError):
            continue
    return found


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# ------------------------------------------------------------------ fast
def test_leftovers_are_removed_only_when_ours_and_their_process_is_gone(
        tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    root = tmp_path / "outputs"
    dead, alive = _dead_pid(), os.getpid()
    host = cleanup.owner_tag().split("h", 1)[1]
    staging = root / ".staging"
    doomed = [staging / f"PRT-r1-p{dead}h{host}-0123abcd",
              temp / f"gcm-kernel-{dead}-x1y2z3", temp / f"gcm-chromium-{dead}-abc"]
    kept = [staging / f"KEN-r1-p{alive}h{host}-0123abcd",   # our process runs
            staging / f"SEN-r1-p{dead}hdeadbeef-0123abcd",   # another host's
            staging / "MEX-r1-0123abcd",                     # no owner recorded
            temp / f"gcm-kernel-{alive}-x1y2z3", temp / "gcm-kernel-x1y2z3",
            temp / f"other-kernel-{dead}-x1y2z3"]
    for folder in doomed + kept:
        (folder / "inside").mkdir(parents=True)
    removed = cleanup.remove_leftovers(root)
    assert sorted(removed) == sorted(doomed)
    assert all(not p.exists() for p in doomed) and all(p.exists() for p in kept)
    # a command cleaning up after itself removes its own folders too
    assert sorted(cleanup.remove_leftovers(root, own=True)) == sorted(
        [kept[0], kept[3]])


def test_marked_processes_are_found_and_killed_even_in_their_own_session():
    outsider = subprocess.Popen(["sleep", "60"])
    try:
        with cleanup.mark_processes() as token:
            # a kernel or browser: own session, grandchild of ours
            shell = subprocess.Popen(["sh", "-c", "sleep 60 & sleep 60 & wait"],
                                     start_new_session=True)
            time.sleep(0.3)
            marked = cleanup.marked_processes(token)
            assert shell.pid in marked and len(marked) == 3
            assert outsider.pid not in marked
        assert os.environ.get(cleanup.MARK_ENV) is None  # restored
        assert sorted(cleanup.kill_marked(token)) == sorted(marked)
        shell.wait(timeout=5)
        assert cleanup.marked_processes(token) == []
        assert outsider.poll() is None
    finally:
        outsider.kill()
        outsider.wait()


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signal handlers need the main thread")
def test_a_signal_becomes_a_flag_and_an_exit_code():
    before = signal.getsignal(signal.SIGTERM)
    with cleanup.StopOnSignals() as stop:
        os.kill(os.getpid(), signal.SIGTERM)
        deadline = time.monotonic() + 5
        while not stop.is_set() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert stop.is_set() and stop.exit_code == 143
    assert signal.getsignal(signal.SIGTERM) is before
    with pytest.raises(cleanup.Interrupted), cleanup.StopOnSignals(
            raise_first=True) as stop:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)
    assert stop.exit_code == 130


def test_gcm_run_refuses_an_existing_run_id_without_force(tmp_path, capsys,
                                                          monkeypatch):
    existing = tmp_path / "PRT" / "r1"
    existing.mkdir(parents=True)
    (existing / "run.json").write_text("{}")
    assert cli.main(["run", "PRT", "--run-id", "r1", "--output",
                     str(tmp_path)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "exists already" in err and "--force" in err
    assert (existing / "run.json").read_text() == "{}"
    calls = []

    def run_country(values, **kwargs):  # with --force the run goes ahead
        calls.append(values["run_id"])
        raise cli.ParameterError("stopped here by the test")

    monkeypatch.setattr("gcm_analysis.runner.run_country", run_country)
    assert cli.main(["run", "PRT", "--run-id", "r1", "--force", "--output",
                     str(tmp_path)]) == cli.EXIT_USAGE
    assert calls == ["r1"]


def test_gcm_batch_refuses_an_existing_batch_or_run_folder(tmp_path, capsys):
    (tmp_path / "batch" / "b1").mkdir(parents=True)
    assert cli.main(["batch", "--countries", "PRT", "--batch-id", "b1",
                     "--output", str(tmp_path)]) == cli.EXIT_USAGE
    assert "--resume b1" in capsys.readouterr().err
    (tmp_path / "KEN" / "b2").mkdir(parents=True)
    assert cli.main(["batch", "--countries", "PRT", "KEN", "--batch-id", "b2",
                     "--output", str(tmp_path)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "exists already for KEN" in err and "--force" in err
    assert not (tmp_path / "batch" / "b2").exists()


def test_default_batch_ids_do_not_collide(tmp_path):
    first = batch.default_batch_id(tmp_path)
    (tmp_path / "batch" / first).mkdir(parents=True)
    second = batch.default_batch_id(tmp_path)
    assert second != first and second.startswith(first)


def test_resume_refuses_options_that_would_change_the_batch(tmp_path, capsys):
    assert cli.main(["batch", "--resume", "b1", "--countries", "PRT", "--lang", "fr",
                     "--output", str(tmp_path)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "--countries" in err and "--lang" in err
    assert cli.main(["batch", "--resume", "nothing-here", "--output",
                     str(tmp_path)]) == cli.EXIT_USAGE
    assert "cannot resume batch 'nothing-here'" in capsys.readouterr().err


@pytest.mark.slow
def test_resume_runs_only_what_is_not_ok_with_the_same_parameters(tmp_path):
    stage = tmp_path / "stage.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3",
                       "language": "python"}}), stage)
    first = batch.run_batch(["PRT", "KEN", "POR"], {"lang": "fr"}, jobs=1,
                            output_root=tmp_path, batch_id="b", stages=[str(stage)],
                            pdf=False, warm=False, progress=False)
    assert [r.status for r in first.records] == ["ok", "refused", "ok"]
    batch_dir = tmp_path / "batch" / "b"
    summary = json.loads((batch_dir / "manifest.json").read_text())
    assert summary["complete"] and summary["stopped_by"] is None
    # as a stopped batch leaves it: KEN interrupted, PRT missing from the manifest
    summary["runs"] = [dict(r, status="interrupted") if r["country"] == "KEN" else r
                       for r in summary["runs"] if r["country"] != "PRT"]
    (batch_dir / "manifest.json").write_text(json.dumps(summary))
    ken_before = (tmp_path / "KEN" / "b" / "run.json").read_bytes()
    resumed = batch.resume_batch("b", output_root=tmp_path, jobs=1, progress=False)
    assert {r.country: r.status for r in resumed.records} == \
        {"KEN": "ok", "POR": "refused", "PRT": "ok"}
    assert (tmp_path / "KEN" / "b" / "run.json").read_bytes() != ken_before
    rerun = json.loads((tmp_path / "PRT" / "b" / "run.json").read_text())
    assert rerun["parameters"]["lang"] == "fr"  # the batch's own parameters
    summary = json.loads((batch_dir / "manifest.json").read_text())
    assert [r["country"] for r in summary["runs"]] == ["KEN", "POR", "PRT"]
    assert "POR" in (batch_dir / "index.html").read_text()


# ------------------------------------------------------------------ real batches
def _start_batch(root: Path, mark: str) -> subprocess.Popen:
    env = dict(os.environ, GCM_TEST_MARK=mark)
    return subprocess.Popen(
        [*GCM, "batch", "--countries", *COUNTRIES, "--jobs", "2", "--no-pdf",
         "--output", str(root), "--batch-id", "sig"],
        env=env, cwd=paths.ROOT_DIR, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_until(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


def _runs(root: Path) -> dict[str, str]:
    manifest = root / "batch" / "sig" / "manifest.json"
    try:
        runs = json.loads(manifest.read_text())["runs"]
    except (OSError, ValueError):
        return {}
    return {r["country"]: r["status"] for r in runs}


def _kernel_folders(pids) -> list[str]:
    temp = Path(tempfile.gettempdir())
    return [p.name for pid in pids for p in temp.glob(f"gcm-kernel-{pid}-*")]


def _running(mark: str) -> bool:
    """Whether a worker of the batch marked ``mark`` runs a country (its staging
    folder exists in the worker's private folder)."""
    temp = Path(tempfile.gettempdir())
    return any(any(temp.glob(f"gcm-runs-{pid}-*/.staging/*"))
               for pid in _processes_with("GCM_TEST_MARK", mark))


def _temp_folders(pids) -> list[str]:
    """Kernel sockets, worker run folders, browser profiles of these processes."""
    temp = Path(tempfile.gettempdir())
    return [p.name for pid in pids for kind in cleanup.TEMP_KINDS
            for p in temp.glob(f"gcm-{kind}-{pid}-*")]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGINT to the group", "SIGINT to the main process",
                                 "SIGTERM to the main process"])
def test_a_signalled_batch_stops_within_seconds_and_leaves_nothing_running(
        tmp_path, how):
    mark = uuid.uuid4().hex
    process = _start_batch(tmp_path, mark)
    try:
        if how == "SIGINT to the group":  # one country done, others running
            _wait_until(lambda: "ok" in _runs(tmp_path).values(), 150,
                        "a first country")
            # written as countries finish: what a hard kill would leave
            assert "pending" in _runs(tmp_path).values()
        else:  # countries running in their kernels
            _wait_until(lambda: len(_kernel_folders(
                _processes_with("GCM_TEST_MARK", mark))) == 2, 150,
                "the workers' kernels")
            _wait_until(lambda: _running(mark), 150, "a running country")
        finished = {c for c, s in _runs(tmp_path).items() if s == "ok"}
        ours = _processes_with("GCM_TEST_MARK", mark)
        assert len(ours) >= 5  # main, 2 workers, 2 kernels (and the tracker)
        signalled = time.monotonic()
        if how == "SIGINT to the group":
            os.killpg(process.pid, signal.SIGINT)
        elif how == "SIGINT to the main process":
            os.kill(process.pid, signal.SIGINT)
        else:
            os.kill(process.pid, signal.SIGTERM)
        out, err = process.communicate(timeout=60)
        seconds = time.monotonic() - signalled
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    expected = 143 if how.startswith("SIGTERM") else 130
    assert process.returncode == expected, err
    assert seconds < 20, seconds
    assert "Traceback" not in err and "--resume sig" in err
    # nothing left: multiprocessing's resource tracker exits when it sees EOF
    _wait_until(lambda: _processes_with("GCM_TEST_MARK", mark) == [], 5,
                "the batch's processes to be gone")
    runs = _runs(tmp_path)
    assert set(runs) == set(COUNTRIES)
    assert {c for c, s in runs.items() if s == "ok"} >= finished
    assert set(runs.values()) <= {"ok", "interrupted"} and "interrupted" in \
        runs.values()
    summary = json.loads((tmp_path / "batch" / "sig" / "manifest.json").read_text())
    assert summary["stopped_by"] == ("SIGTERM" if expected == 143 else "SIGINT")
    manifest = (tmp_path / "batch" / "sig" / "manifest.csv").read_text()
    assert manifest.count(",interrupted,") == summary["interrupted"] >= 1
    index = (tmp_path / "batch" / "sig" / "index.html").read_text()
    assert "interrupted" in index and "--resume sig" in index
    assert not (tmp_path / ".staging").exists()
    assert _temp_folders(ours) == []
    for country in COUNTRIES:  # no half-made run folder
        run_dir = tmp_path / country / "sig"
        assert (runs[country] == "ok") == run_dir.exists(), country

    if how == "SIGINT to the group":  # the rest, with the same parameters
        done_before = {c: (tmp_path / c / "sig" / "run.json").read_bytes()
                       for c in finished}
        resumed = subprocess.run([*GCM, "batch", "--resume", "sig", "--jobs", "2",
                                  "--output", str(tmp_path)], cwd=paths.ROOT_DIR,
                                 capture_output=True, text=True, timeout=300)
        assert resumed.returncode == 0, resumed.stderr
        assert set(_runs(tmp_path).values()) == {"ok"}
        for country, before in done_before.items():  # not run again
            assert (tmp_path / country / "sig" / "run.json").read_bytes() == before
        for country in COUNTRIES:
            assert (tmp_path / country / "sig" / "report.html").is_file()
            assert not (tmp_path / country / "sig" / "report.pdf").exists()


@pytest.mark.slow
def test_a_killed_batch_leaves_a_manifest_and_its_leftovers_go_next_time(
        tmp_path, monkeypatch, request):
    # a temporary folder of its own: any other gcm run or batch of the suite
    # removes the leftovers of dead processes from the shared one at its start
    # (what this test checks), which would race with the checks below
    # (short: kernels' socket paths must stay under the AF_UNIX limit)
    private = Path(tempfile.mkdtemp(prefix="gcmt-"))
    request.addfinalizer(lambda: shutil.rmtree(private, ignore_errors=True))
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    mark = uuid.uuid4().hex
    process = _start_batch(tmp_path, mark)
    try:
        _wait_until(lambda: len(_kernel_folders(_processes_with(
            "GCM_TEST_MARK", mark))) == 2 and _running(mark), 150,
            "running countries")
        ours = _processes_with("GCM_TEST_MARK", mark)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    # workers die with the batch (Linux), kernels with their worker
    _wait_until(lambda: _processes_with("GCM_TEST_MARK", mark) == [], 10,
                "the killed batch's processes to be gone")
    assert set(_runs(tmp_path).values()) <= {"pending", "ok"}
    left = _temp_folders(ours)
    assert [n for n in left if n.startswith("gcm-kernel-")] and \
        [n for n in left if n.startswith("gcm-runs-")]
    cleanup.remove_leftovers(tmp_path)  # what the next gcm run or batch does first
    assert _temp_folders(ours) == [] and not (tmp_path / ".staging").exists()


@pytest.mark.slow
def test_a_signalled_run_stops_and_leaves_nothing(tmp_path):
    mark = uuid.uuid4().hex
    process = subprocess.Popen(
        [*GCM, "run", "PRT", "--no-pdf", "--run-id", "r1", "--output",
         str(tmp_path)], env=dict(os.environ, GCM_TEST_MARK=mark),
        cwd=paths.ROOT_DIR, start_new_session=True, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        _wait_until(lambda: (tmp_path / ".staging").is_dir() and _kernel_folders(
            _processes_with("GCM_TEST_MARK", mark)), 120, "the run's kernel")
        signalled = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
        seconds = time.monotonic() - signalled
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130 and seconds < 20, (seconds, err)
    assert "interrupted by SIGINT" in err and "Traceback" not in err
    _wait_until(lambda: _processes_with("GCM_TEST_MARK", mark) == [], 5,
                "the run's processes to be gone")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
