"""Batch runs: isolation of warm kernels, failures recorded, manifest and index."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from gcm_analysis import batch
from gcm_analysis.batch_page import SCRIPT
from gcm_analysis.kernels import WarmKernel
from gcm_analysis.reference import countries
from gcm_analysis.runner import run_country

PROFILE = ("00_country_profile",)


def _notebook(path, *cells):
    params = new_code_cell('country: str = "PRT"\nrun_id: str = "dev"\n'
                           'output_root: str = ""')
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[params, *[new_code_cell(c) for c in cells]])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return str(path)


@pytest.fixture(scope="module")
def fault_notebook(tmp_path_factory):
    """A stage that hangs for MEX and kills its own kernel for PHL."""
    path = tmp_path_factory.mktemp("nb") / "fault_injection.ipynb"
    return _notebook(path, "import os, time\n"
                           "if country == 'MEX':\n    time.sleep(600)\n"
                           "if country == 'PHL':\n    os.kill(os.getpid(), 9)")


@pytest.fixture(scope="module")
def leak_probe(tmp_path_factory):
    """Fails if anything a previous run defined is still in the namespace."""
    path = tmp_path_factory.mktemp("nb") / "leak_probe.ipynb"
    return _notebook(path,
                     "assert 'LEAKED_FROM_PREVIOUS_RUN' not in globals(), "
                     "'state leaked'\n"
                     "import matplotlib\n"
                     "assert matplotlib.rcParams['lines.linewidth'] == 1.5\n"
                     "LEAKED_FROM_PREVIOUS_RUN = country\n"
                     "matplotlib.rcParams['lines.linewidth'] = 9")


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_warm_kernel_talks_over_private_unix_sockets_and_removes_them():
    kernel = WarmKernel()
    kernel.start()
    try:
        assert kernel.km.transport == "ipc"
        first = Path(kernel.km.ip).parent
        assert stat.S_IMODE(first.stat().st_mode) == 0o700
        assert sorted(p.name for p in first.iterdir())  # the kernel's sockets
        assert kernel.is_alive()
        kernel.replace()  # killed (a timeout): its sockets go with it
        assert not first.exists()
        kernel.start()
        second = Path(kernel.km.ip).parent
        assert second != first and kernel.is_alive()
    finally:
        kernel.shutdown()
    assert not second.exists()


@pytest.mark.slow
def test_warm_kernel_gives_the_same_tables_and_report_as_a_fresh_kernel(
        tmp_path, leak_probe):
    from gcm_analysis.runner import PIPELINE

    kernel = WarmKernel()
    try:
        stages = (*PIPELINE, leak_probe)
        warm_a = run_country({"country": "PRT", "run_id": "warm"}, stages=stages,
                             output_root=tmp_path, executor=kernel.execute, pdf=False)
        # B in French after A in English: the language must not leak either
        warm_b = run_country({"country": "KEN", "run_id": "warm", "lang": "fr"},
                             stages=stages,
                             output_root=tmp_path, executor=kernel.execute, pdf=False)
        assert kernel.runs == 2 * len(stages) and kernel.restarts == 0
    finally:
        kernel.shutdown()
    fresh_b = run_country({"country": "KEN", "run_id": "fresh", "lang": "fr"},
                          stages=stages, output_root=tmp_path, pdf=False)
    assert warm_a.status == warm_b.status == fresh_b.status == "ok", warm_b.error
    warm_dir, fresh_dir = tmp_path / "KEN" / "warm", tmp_path / "KEN" / "fresh"
    tables = sorted(p.name for p in warm_dir.glob("*.csv"))
    assert len(tables) > 30
    assert tables == sorted(p.name for p in fresh_dir.glob("*.csv"))
    for name in tables:
        assert (warm_dir / name).read_bytes() == (fresh_dir / name).read_bytes(), name
    # the report's numbers (every table cell) and figures agree
    for page in ("00_country_profile.html", "05_country_report.html"):
        warm_cells = _table_cells((warm_dir / page).read_text())
        assert len(warm_cells) > 50, page
        assert warm_cells == _table_cells((fresh_dir / page).read_text()), page
        assert _images((warm_dir / page).read_text()) == \
            _images((fresh_dir / page).read_text()), page
    # the stage notebooks' prose is French in both (warm kernels localise too)
    import nbformat

    from gcm_analysis.nbtext import translations

    for stage in PIPELINE:
        warm_nb = nbformat.read(warm_dir / f"{stage}.ipynb", as_version=4)
        fresh_nb = nbformat.read(fresh_dir / f"{stage}.ipynb", as_version=4)
        prose = [c.source for c in warm_nb.cells if c.cell_type == "markdown"]
        assert prose == [c.source for c in fresh_nb.cells
                         if c.cell_type == "markdown"], stage
        assert prose[0] == translations("fr")[f"{stage}/{warm_nb.cells[0].id}"][
            "text"], stage


def _table_cells(html):
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cells, self._in = [], False

        def handle_starttag(self, tag, attrs):
            if tag in ("td", "th"):
                self._in = True
                self.cells.append("")

        def handle_endtag(self, tag):
            if tag in ("td", "th"):
                self._in = False

        def handle_data(self, data):
            if self._in:
                self.cells[-1] += data.strip()

    parser = Cells()
    parser.feed(html)
    return parser.cells


def _images(html):
    import re

    return re.findall(r'src="data:image/(?:png|svg\+xml);base64,([^"]+)"', html)


@pytest.mark.slow
def test_batch_records_refusals_timeouts_and_dead_kernels_and_finishes_the_rest(
        tmp_path, fault_notebook):
    result = batch.run_batch(
        ["PRT", "POR", "MEX", "PHL", "KEN"], {"lang": "en"}, jobs=2, timeout=20,
        output_root=tmp_path, batch_id="faults", pdf=False,
        stages=(*PROFILE, fault_notebook), progress=False)
    status = {r.country: r.status for r in result.records}
    assert status == {"PRT": "ok", "KEN": "ok", "POR": "refused", "MEX": "timeout",
                      "PHL": "failed"}
    errors = {r.country: r.error for r in result.records}
    assert "did you mean PRT" in errors["POR"]
    assert "time limit" in errors["MEX"]
    assert "Dead" in errors["PHL"] or "died" in errors["PHL"]
    # good reports complete; failed runs leave no report that looks complete
    assert (tmp_path / "PRT" / "faults" / "report.html").exists()
    assert not (tmp_path / "MEX" / "faults" / "report.html").exists()
    assert not (tmp_path / "PHL" / "faults" / "report.html").exists()
    run_json = json.loads((tmp_path / "PHL" / "faults" / "run.json").read_text())
    assert run_json["status"] == "failed"
    batch_dir = tmp_path / "batch" / "faults"
    manifest = pd.read_csv(batch_dir / "manifest.csv")
    assert sorted(manifest["country"]) == ["KEN", "MEX", "PHL", "POR", "PRT"]
    summary = json.loads((batch_dir / "manifest.json").read_text())
    assert summary["ok"] == 2 and summary["failed"] == 3
    index = (batch_dir / "index.html").read_text()
    for code in ("PRT", "POR", "MEX", "PHL", "KEN"):
        assert code in index
    assert "3 failed" in index
    # one script, the constant sorter (its hash is the CSP's): none from data
    assert index.count("<script") == 1 and f"<script>{SCRIPT}</script>" in index
    assert 'href="../../PRT/faults/report.html"' in index


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_numbers_as_the_process_pool(tmp_path):
    pytest.importorskip("distributed")
    local = batch.run_batch(["PRT", "KEN"], {}, jobs=2, output_root=tmp_path / "a",
                            batch_id="b", pdf=False, stages=PROFILE, progress=False)
    dask = batch.run_batch(["PRT", "KEN"], {}, jobs=2, output_root=tmp_path / "d",
                           batch_id="b", pdf=False, stages=PROFILE, progress=False,
                           scheduler="local")
    assert [r.status for r in local.records] == [r.status for r in dask.records] \
        == ["ok", "ok"]
    for iso3 in ("PRT", "KEN"):
        assert (tmp_path / "a" / iso3 / "b" / "profile.csv").read_bytes() == \
            (tmp_path / "d" / iso3 / "b" / "profile.csv").read_bytes()


def test_country_specs_resolve(tmp_path):
    table = countries()
    assert batch.resolve_countries("PRT,KEN", table) == ["PRT", "KEN"]
    assert batch.resolve_countries(["PRT", "PRT"], table) == ["PRT"]
    sub_saharan = batch.resolve_countries("region:Sub-Saharan Africa", table)
    assert "KEN" in sub_saharan and "PRT" not in sub_saharan
    assert "DEU" in batch.resolve_countries("income:high income", table)
    listing = tmp_path / "list.txt"
    listing.write_text("PRT  # Portugal\n\nKEN\n")
    assert batch.resolve_countries(f"@{listing}", table) == ["PRT", "KEN"]
    members = batch.resolve_countries("un:members", table)
    assert len(members) == 193
    everyone = batch.resolve_countries("all", table)
    assert len(everyone) >= 190 and set(members) - set(everyone) == set()


def test_unknown_region_is_refused_with_the_choices():
    from gcm_analysis.errors import ParameterError

    with pytest.raises(ParameterError, match="Sub-Saharan Africa"):
        batch.resolve_countries("region:Atlantis", countries())


def test_progress_in_a_log_file_prints_few_plain_lines(tmp_path):
    import io

    stream = io.StringIO()
    progress = batch.Progress(50, stream=stream)
    for i in range(50):
        progress.update({"country": f"C{i:02d}", "status": "ok" if i % 7 else "failed"})
    lines = stream.getvalue().splitlines()
    assert 5 <= len(lines) <= 12 and "\r" not in stream.getvalue()
    assert lines[-1].startswith("batch: 50/50 done (100%), 8 failed")


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_fresh_kernels_use_private_sockets_and_keep_no_history(tmp_path):
    import papermill

    from gcm_analysis.kernels import FRESH_ENGINE_NAME, register_engines

    register_engines()
    source = _notebook(tmp_path / "probe.ipynb",
                       "from ipykernel.kernelapp import IPKernelApp\n"
                       "app = IPKernelApp.instance()\n"
                       "print(app.transport, app.ip, "
                       "get_ipython().history_manager.enabled)")
    done = papermill.execute_notebook(source, str(tmp_path / "out.ipynb"),
                                      kernel_name="python3",
                                      engine_name=FRESH_ENGINE_NAME,
                                      progress_bar=False, cwd=str(tmp_path))
    transport, ip, history = done.cells[-1].outputs[0]["text"].split()
    assert (transport, history) == ("ipc", "False")
    assert Path(ip).name == "kernel" and not Path(ip).parent.exists()  # removed after


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_a_kernel_that_fails_to_start_leaves_no_socket_folder(monkeypatch):
    from jupyter_client.manager import AsyncKernelManager

    async def refuse(self, **kwargs):
        raise RuntimeError("no kernel today")

    monkeypatch.setattr(AsyncKernelManager, "start_kernel", refuse)
    kernel = WarmKernel()
    with pytest.raises(RuntimeError, match="no kernel today"):
        kernel.start()
    folder = Path(kernel._socket_dir)
    assert folder.is_dir()
    kernel.shutdown()
    assert not folder.exists()
