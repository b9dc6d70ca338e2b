"""Batches on a Dask cluster started from the command line, sharing no disk.

A ``dask scheduler`` and ``dask worker`` processes (no nanny, one thread each)
are started as a user would; each worker runs in a temporary working folder of
its own, with its own ``TMPDIR``, so run folders can only reach the batch's
output root by being shipped back. The scheduler sends one country at a time to
a worker and gives up on a country whose worker dies (``allowed-failures`` 0).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from gcm_analysis import batch, cli
from gcm_analysis.cluster import WorkerMismatch, data_hash, install_run, pack_dir

pytest.importorskip("distributed")

BIN = Path(sys.executable).parent
PROFILE = ("00_country_profile",)


# ------------------------------------------------------------------ fast
def test_a_shipped_run_folder_is_installed_whole_and_replaces_the_old_one(tmp_path):
    source = tmp_path / "worker" / "PRT" / "b"
    (source / "sub").mkdir(parents=True)
    (source / "report.html").write_text("new")
    (source / "sub" / "t.csv").write_text("a\n1\n")
    root = tmp_path / "client"
    old = root / "PRT" / "b"
    old.mkdir(parents=True)
    (old / "stale.csv").write_text("old")
    installed = install_run(pack_dir(source), "PRT", "b", root)
    assert installed == old
    assert sorted(p.relative_to(old).as_posix() for p in old.rglob("*")) == \
        ["report.html", "sub", "sub/t.csv"]
    assert not (root / ".staging").exists()
    assert [p.name for p in (root / "PRT").iterdir()] == ["b"]  # no trash left


def test_an_archive_cannot_write_outside_its_folder(tmp_path):
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("../escaped.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(tarfile.TarError):
        install_run(buffer.getvalue(), "PRT", "b", tmp_path / "root")
    assert not (tmp_path / "escaped.txt").exists()
    assert not (tmp_path / "root" / "PRT").exists()


# ------------------------------------------------------------------ a real cluster
class Cluster:
    """A command-line scheduler; workers are added per test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.workers: dict[str, subprocess.Popen] = {}
        self.started = 0
        env = dict(os.environ,
                   DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="0",
                   DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION="1.0")
        scheduler_file = folder / "scheduler.json"
        (folder / "scheduler").mkdir()
        self.scheduler = subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(scheduler_file)],
            cwd=folder / "scheduler", env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not scheduler_file.exists():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                raise RuntimeError("the dask scheduler did not start")
            time.sleep(0.2)
        time.sleep(0.2)
        self.address = json.loads(scheduler_file.read_text())["address"]

    def add_worker(self, name: str, preload: Path | None = None) -> Path:
        self.started += 1
        home = self.folder / f"{name}-{self.started}"  # a new disk for each
        (home / "tmp").mkdir(parents=True)
        command = [str(BIN / "dask"), "worker", self.address, "--name", name,
                   "--nthreads", "1", "--no-nanny", "--no-dashboard",
                   "--local-directory", str(home / "dask")]
        if preload is not None:
            command += ["--preload", str(preload)]
        self.workers[name] = subprocess.Popen(
            command, cwd=home, env=dict(os.environ, TMPDIR=str(home / "tmp")),
            start_new_session=True, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        return home

    def wait_for_workers(self, count: int) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(count, timeout=90)

    def stop_workers(self) -> None:
        for process in self.workers.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        self.workers.clear()
        time.sleep(0.5)  # the scheduler notices the closed connections

    def close(self) -> None:
        self.stop_workers()
        os.killpg(self.scheduler.pid, signal.SIGKILL)
        self.scheduler.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    made = Cluster(tmp_path_factory.mktemp("cluster"))
    yield made
    made.close()


@pytest.fixture
def workers(cluster):
    yield cluster
    cluster.stop_workers()


def _statuses(result) -> dict[str, str]:
    return {r.country: r.status for r in result.records}


@pytest.mark.slow
def test_reports_of_a_cluster_batch_arrive_on_the_client_as_from_a_local_pool(
        workers, tmp_path):
    homes = [workers.add_worker("w1"), workers.add_worker("w2")]
    workers.wait_for_workers(2)
    countries = ["PRT", "KEN", "SEN"]
    remote = batch.run_batch(countries, {}, scheduler=workers.address,
                             output_root=tmp_path / "client", batch_id="b",
                             pdf=False, stages=PROFILE, progress=False)
    local = batch.run_batch(countries, {}, jobs=2, output_root=tmp_path / "pool",
                            batch_id="b", pdf=False, stages=PROFILE, progress=False)
    assert _statuses(remote) == _statuses(local) == dict.fromkeys(countries, "ok")
    client_root, pool_root = tmp_path / "client", tmp_path / "pool"
    manifest = pd.read_csv(client_root / "batch" / "b" / "manifest.csv")
    for row in manifest.itertuples():
        assert (client_root / row.report_html).is_file()
        run_json = json.loads((client_root / row.run_dir / "run.json").read_text())
        assert run_json["status"] == "ok"
    # the same manifest (but for timings) and the same bytes in every table
    pooled = pd.read_csv(pool_root / "batch" / "b" / "manifest.csv")
    pd.testing.assert_frame_equal(manifest.drop(columns="seconds"),
                                  pooled.drop(columns="seconds"))
    for country in countries:
        tables = sorted(p.name for p in (client_root / country / "b").glob("*.csv"))
        assert tables and tables == sorted(
            p.name for p in (pool_root / country / "b").glob("*.csv"))
        for name in tables:
            assert (client_root / country / "b" / name).read_bytes() == \
                (pool_root / country / "b" / name).read_bytes(), (country, name)
    # nothing of the runs stayed on the workers' disks
    for home in homes:
        left = [p for p in home.rglob("*") if p.name in countries
                or p.name.endswith(".csv") or p.name == "report.html"]
        assert left == [], left
    assert not (client_root / ".staging").exists()


@pytest.mark.slow
def test_a_worker_killed_mid_batch_fails_its_country_and_the_others_complete(
        workers, tmp_path):
    pid_file = tmp_path / "ken-worker.pid"
    stage = tmp_path / "slow_for_ken.ipynb"
    params = new_code_cell('country: str = "PRT"')
    params.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[params, new_code_cell(
        "import os, time\n"
        "if country == 'KEN':\n"
        f"    open({str(pid_file)!r}, 'w').write(str(os.getppid()))\n"
        "    time.sleep(120)")], metadata={"kernelspec": {
            "name": "python3", "display_name": "Python 3", "language": "python"}}),
        stage)
    workers.add_worker("w1")
    workers.add_worker("w2")
    workers.wait_for_workers(2)
    killed: list[int] = []

    def kill_ken_worker() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if pid_file.exists() and pid_file.read_text().strip():
                pid = int(pid_file.read_text())
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.1)

    killer = threading.Thread(target=kill_ken_worker, daemon=True)
    killer.start()
    started = time.monotonic()
    result = batch.run_batch(["KEN", "PRT", "SEN", "DEU"], {},
                             scheduler=workers.address,
                             output_root=tmp_path / "client", batch_id="k",
                             pdf=False, stages=[str(stage)], progress=False)
    killer.join(5)
    assert killed and {w.pid for w in workers.workers.values()} >= set(killed)
    assert time.monotonic() - started < 100  # not waiting out KEN's sleep
    status = _statuses(result)
    assert status == {"KEN": "failed", "PRT": "ok", "SEN": "ok", "DEU": "ok"}, \
        [(r.country, r.error[:150]) for r in result.records if r.country == "SEN"]
    ken = next(r for r in result.records if r.country == "KEN")
    assert "worker died" in ken.error and "KilledWorker" in ken.error
    for country in ("PRT", "SEN", "DEU"):
        assert (tmp_path / "client" / country / "k" / "report.html").is_file()
    summary = json.loads((tmp_path / "client" / "batch" / "k" /
                          "manifest.json").read_text())
    assert summary["ok"] == 3 and summary["failed"] == 1


@pytest.mark.slow
def test_a_worker_with_other_data_is_refused_before_anything_runs(
        workers, tmp_path, capsys):
    preload = tmp_path / "other_data.py"
    preload.write_text(  # dask imports a preload twice
        "import os, shutil\n"
        "from pathlib import Path\n"
        "from gcm_analysis import paths\n"
        "copy = Path(os.getcwd()) / 'processed'\n"
        "if paths.PROCESSED_DIR != copy:\n"
        "    shutil.copytree(paths.PROCESSED_DIR, copy, dirs_exist_ok=True)\n"
        "    table = copy / 'countries.csv'\n"
        "    table.write_bytes(table.read_bytes() + b'\\n')\n"
        "    paths.PROCESSED_DIR = copy\n")
    workers.add_worker("w1")
    other = workers.add_worker("w2", preload=preload)
    workers.wait_for_workers(2)
    assert data_hash(other / "processed") != data_hash()  # the preload ran
    root = tmp_path / "client"
    with pytest.raises(WorkerMismatch) as refused:
        batch.run_batch(["PRT"], {}, scheduler=workers.address, output_root=root,
                        batch_id="x", pdf=False, stages=PROFILE, progress=False)
    message = str(refused.value)
    assert "data/processed differ" in message and message.count("worker tcp://") == 1
    from distributed import Client

    with Client(workers.address) as client:
        named = {info["name"]: address for address, info in
                 client.scheduler_info()["workers"].items()}
    assert named["w2"] in message and named["w1"] not in message
    assert not root.exists()  # nothing written
    # the command line says so, with exit code 2
    assert cli.main(["batch", "--countries", "PRT", "--scheduler", workers.address,
                     "--output", str(root), "--no-pdf"]) == cli.EXIT_USAGE
    assert "data/processed differ" in capsys.readouterr().err
    assert not (root / "batch").exists()


@pytest.mark.slow
def test_a_batch_writes_to_an_fsspec_url_and_resumes_from_it(tmp_path):
    import fsspec

    fs = fsspec.filesystem("memory")
    url = "memory://gcm-test-output"
    result = batch.run_batch(["PRT", "KEN"], {}, jobs=1, output_root=url,
                             batch_id="u", pdf=False, warm=False, stages=PROFILE,
                             progress=False)
    assert _statuses(result) == {"PRT": "ok", "KEN": "ok"}
    assert result.location == f"{url}/batch/u/index.html"
    summary = json.loads(fs.cat_file("/gcm-test-output/batch/u/manifest.json"))
    for run in summary["runs"]:
        folder = f"/gcm-test-output/{run['run_dir']}"
        assert fs.exists(f"{folder}/report.html") and fs.exists(f"{folder}/run.json")
        assert fs.exists(f"{folder}/profile.csv")
    assert fs.exists("/gcm-test-output/batch/u/index.html")
    assert fs.exists("/gcm-test-output/batch/u/batch.json")
    assert not result.batch_dir.exists()  # the local working folder is gone
    # a second batch with that id is refused; --resume finds nothing to do
    with pytest.raises(cli.ParameterError, match="--resume u"):
        batch.run_batch(["PRT"], {}, output_root=url, batch_id="u", progress=False)
    fs.rm("/gcm-test-output/KEN", recursive=True)  # a lost run runs again
    resumed = batch.resume_batch("u", output_root=url, jobs=1, progress=False)
    assert _statuses(resumed) == {"PRT": "ok", "KEN": "ok"}
    assert fs.exists("/gcm-test-output/KEN/u/report.html")
    fs.rm("/gcm-test-output", recursive=True)


@pytest.mark.slow
def test_stopping_a_cluster_batch_cancels_its_work_out_there(workers, tmp_path):
    from gcm_analysis.cleanup import StopOnSignals

    stage = tmp_path / "sleeps.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("import time\ntime.sleep(120)")],
                                metadata={"kernelspec": {
                                    "name": "python3", "display_name": "Python 3",
                                    "language": "python"}}), stage)
    home = workers.add_worker("w1")
    workers.wait_for_workers(1)
    stop = StopOnSignals()  # what Ctrl-C sets in gcm batch

    def stop_when_running() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if any(home.glob("tmp/gcm-runs-*/.staging/*")):
                stop.request()
                return
            time.sleep(0.1)

    threading.Thread(target=stop_when_running, daemon=True).start()
    started = time.monotonic()
    result = batch.run_batch(["PRT", "KEN", "SEN"], {}, scheduler=workers.address,
                             output_root=tmp_path / "client", batch_id="s",
                             pdf=False, stages=[str(stage)], progress=False,
                             stop=stop)
    assert stop.is_set() and time.monotonic() - started < 60
    assert result.exit_code == 130
    assert set(_statuses(result).values()) == {"interrupted"}
    # the country running out there was stopped (its kernel killed), nothing
    # else was left to run on the cluster
    deadline = time.monotonic() + 20  # not the stage's 120 s
    while any(home.glob("tmp/gcm-runs-*/.staging/*")):
        assert time.monotonic() < deadline, "the worker still runs the country"
        time.sleep(0.2)
    from distributed import Client

    with Client(workers.address) as client:
        assert client.run_on_scheduler(
            lambda dask_scheduler: len(dask_scheduler.tasks)) == 0
