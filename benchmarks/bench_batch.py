"""Benchmark: batch report runs against the naive loops (prints figures, not a test).

Three ways to produce every country's reports, measured in one run of this script
on the same countries:

1. naive loop: for each country and stage notebook, the ``papermill`` command,
   then the ``jupyter nbconvert --to html`` command (HTML only, no PDF/XLSX);
2. papermill loop in one process: ``papermill.execute_notebook`` (default engine,
   fresh kernel) for each notebook, one country after another, then the same
   export as the batch (HTML, PDF and XLSX);
3. ``gcm batch``: warm kernels, one per worker, ``--jobs`` workers (HTML, PDF, XLSX);
4. the notebooks' code alone, a floor for any runner: ``--jobs`` plain Python
   processes (a process pool, as the batch) run every code cell of every stage
   notebook with ``exec`` in a fresh namespace per notebook. No kernel, no
   messages, no executed notebook and no export; ``display`` only formats what it
   is given (the ``_repr_*_`` call a kernel makes), so figures and tables are still
   drawn and the run tables still written. ``gcm batch`` / this is what the runner,
   the kernels and the exports add on top of the notebooks' own work.

Then, with ``--full``, the batch and the notebooks' code alone for every country in
the panel, against the 6-minute target.

With ``--baseline DIR`` (a checkout of an earlier commit with its own ``.venv``, e.g.
``git worktree add --detach ../base 73726c9`` and ``python3 tasks.py gcm --help``
there), the script measures the batch and the code alone of that checkout and of
this one **alternately**, ``--rounds`` times, in one run: each version runs in a
child process of its own environment, this very script in ``--measure`` mode, so
both are timed by the same code on the same machine state.

Peak memory is the largest sum of resident memory over this process and all its
descendants (kernels and browsers included), sampled every 0.2 s.

Usage::

    .venv/bin/python benchmarks/bench_batch.py            # ratios on 6 countries
    .venv/bin/python benchmarks/bench_batch.py --full     # plus every country
    .venv/bin/python benchmarks/bench_batch.py --baseline ../base --rounds 2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from gcm_analysis import batch, reference
from gcm_analysis.runner import PIPELINE, notebook_path, run_country

SAMPLE = ["PRT", "KEN", "PHL", "MEX", "DEU", "NPL", "SEN", "JOR"]


class PeakMemory:
    """Samples the resident memory of this process tree (Linux /proc)."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval, self.peak_kib = interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree_rss_kib(self) -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/status") as handle:
                    fields = dict(line.split(":", 1) for line in handle if ":" in line)
            except OSError:
                continue
            pid = int(entry)
            parents[pid] = int(fields.get("PPid", "0").strip())
            rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
        root, total = os.getpid(), 0
        for pid in rss:
            walker = pid
            while walker and walker != root:
                walker = parents.get(walker, 0)
            if walker == root:
                total += rss[pid]
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, self._tree_rss_kib())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024


def naive_loop(countries: list[str], root: Path) -> float:
    bin_dir = Path(sys.executable).parent
    started = time.perf_counter()
    for country in countries:
        run_dir = root / country / "naive"
        run_dir.mkdir(parents=True, exist_ok=True)
        for stage in PIPELINE:
            out = run_dir / f"{stage}.ipynb"
            subprocess.run(
                [str(bin_dir / "papermill"), str(notebook_path(stage)), str(out),
                 "-p", "country", country, "-p", "run_id", "naive",
                 "-p", "output_root", str(root), "--no-progress-bar"],
                check=True, capture_output=True)
            subprocess.run(
                [str(bin_dir / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                 str(out)], check=True, capture_output=True)
    return time.perf_counter() - started


def plain_papermill(name, out_path, parameters, cwd, cell_timeout=None):  # type: ignore[no-untyped-def]
    """``papermill.execute_notebook`` as a user would call it (default engine)."""
    import papermill

    return papermill.execute_notebook(
        str(notebook_path(name)), str(out_path), parameters=dict(parameters),
        kernel_name="python3", progress_bar=False, cwd=str(cwd),
        execution_timeout=cell_timeout)


def papermill_loop(countries: list[str], root: Path) -> float:
    started = time.perf_counter()
    for country in countries:
        result = run_country({"country": country, "run_id": "loop"}, output_root=root,
                             executor=plain_papermill)
        if result.status != "ok":
            raise SystemExit(f"loop run failed for {country}: {result.error}")
    return time.perf_counter() - started


def batch_run(countries: list[str], root: Path, jobs: int, batch_id: str
              ) -> tuple[float, int]:
    started = time.perf_counter()
    result = batch.run_batch(countries, {}, jobs=jobs, output_root=root,
                             batch_id=batch_id, progress=False)
    return time.perf_counter() - started, len(result.failed)


def _format_only(*objs: Any, raw: bool = False, **_: Any) -> None:
    """``display`` for the code-alone floor: formats each object as a kernel would
    (its ``_repr_*_`` methods) and sends it nowhere. Raw bundles are already text."""
    if raw:
        return
    for obj in objs:
        for method in ("_repr_html_", "_repr_markdown_", "_repr_svg_", "_repr_png_"):
            if hasattr(obj, method):
                getattr(obj, method)()


def exec_cells(name, out_path, parameters, cwd, cell_timeout=None):  # type: ignore[no-untyped-def]
    """Run a notebook's code cells with ``exec`` in this process (floor executor)."""
    import IPython.display
    import matplotlib
    import nbformat

    IPython.display.display = _format_only
    os.chdir(cwd)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    notebook = nbformat.read(notebook_path(name), as_version=4)
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        exec(compile(cell.source, f"<{name} cell {number}>", "exec"), namespace)
        if "parameters" in cell.metadata.get("tags", []):
            namespace.update(parameters)
    matplotlib.rcdefaults()


def _code_alone_country(country: str, root: str) -> str:
    result = run_country({"country": country, "run_id": "floor"}, output_root=root,
                         executor=exec_cells, export=False)
    return "" if result.status == "ok" else f"{country}: {result.error}"


def code_alone(countries: list[str], root: Path, jobs: int) -> float:
    """The notebooks' code alone on ``jobs`` fresh processes (see the module text)."""
    started = time.perf_counter()
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn")) as pool:
        errors = [e for e in pool.map(_code_alone_country, countries,
                                      [str(root)] * len(countries)) if e]
    if errors:
        raise SystemExit("code-alone run failed: " + "; ".join(errors))
    return time.perf_counter() - started


def _cpu_seconds() -> float:
    """CPU time (user + system) of this process and of every descendant it has
    waited for (workers, kernels, browsers): what a run costs the machine,
    much less moved than the wall time by other work on it."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(countries: list[str], jobs: int, full: bool) -> dict[str, float]:
    """Batch and code alone on ``countries`` (and the whole panel with ``full``)."""
    with tempfile.TemporaryDirectory(prefix="gcm-bench-") as tmp:
        root = Path(tmp)
        figures: dict[str, float] = {}
        cpu = _cpu_seconds()
        figures["batch"], failed = batch_run(countries, root / "batch", jobs, "s")
        figures["batch_cpu"], cpu = _cpu_seconds() - cpu, _cpu_seconds()
        figures["code"] = code_alone(countries, root / "code", jobs)
        figures["code_cpu"] = _cpu_seconds() - cpu
        if full:
            everyone = batch.resolve_countries("all", reference.countries())
            figures["n_full"] = len(everyone)
            figures["batch_full"], failed_full = batch_run(everyone, root / "full",
                                                           jobs, "full")
            failed += failed_full
            figures["code_full"] = code_alone(everyone, root / "full-code", jobs)
        figures["failed"] = failed
    return figures


def compare(baseline: Path, sample: list[str], jobs: int, rounds: int,
            full: bool) -> int:
    """Alternate the baseline checkout and this one; print both, side by side."""
    here = Path(__file__).resolve()
    versions = {
        "before": (baseline / ".venv" / "bin" / "python", baseline),
        "after": (Path(sys.executable), here.parent.parent),
    }
    for name, (_python, checkout) in versions.items():
        commit = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short",
                                 "HEAD"], capture_output=True, text=True).stdout.strip()
        print(f"{name}: {checkout} at {commit or '?'}")
    results: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
    for round_number in range(1, rounds + 1):
        for name, (python, checkout) in versions.items():
            command = [str(python), str(here), "--measure", "--countries",
                       str(len(sample)), "--jobs", str(jobs)] + (["--full"] if full
                                                                   else [])
            done = subprocess.run(command, cwd=checkout, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"{name} failed:\n{done.stderr[-2000:]}")
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            results[name].append(figures)
            n = len(sample)
            print(f"round {round_number} {name:<6} batch {figures['batch']:6.1f} s "
                  f"({figures['batch'] / n:.2f} s/country, "
                  f"{figures['batch_cpu'] / n:.2f} CPU-s/country), code alone "
                  f"{figures['code']:6.1f} s ({figures['code'] / n:.2f} s/country, "
                  f"{figures['code_cpu'] / n:.2f} CPU-s/country), failed "
                  f"{int(figures['failed'])}", flush=True)
            if full:
                n = figures["n_full"]
                print(f"        full panel {int(n)} countries: batch "
                      f"{figures['batch_full']:.0f} s ({figures['batch_full'] / n:.2f}"
                      f" s/country, {figures['batch_full'] / 60:.1f} min), code alone "
                      f"{figures['code_full']:.0f} s ({figures['code_full'] / 60:.1f}"
                      " min)", flush=True)
    for key in ("batch", "batch_cpu", "code", "code_cpu") + (
            ("batch_full", "code_full") if full else ()):
        ratios = [a[key] / b[key] for a, b in zip(results["after"], results["before"],
                                                   strict=True)]
        print(f"after / before, {key}: " + ", ".join(f"{r:.2f}" for r in ratios))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--countries", type=int, default=6,
                        help="countries for the side-by-side ratios (default 6)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--full", action="store_true",
                        help="also run every country in the panel with gcm batch")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--baseline", type=Path,
                        help="an earlier checkout (with .venv) to compare, alternately")
    parser.add_argument("--rounds", type=int, default=2,
                        help="alternations with --baseline (default 2)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sample = SAMPLE[: args.countries]
    if args.measure:  # one version's figures, as JSON on the last line
        print(json.dumps(measure(sample, args.jobs, args.full)))
        return 0
    if args.baseline is not None:
        return compare(args.baseline.resolve(), sample, args.jobs, args.rounds,
                       args.full)
    print(f"machine: {os.cpu_count()} cores; stages: {', '.join(PIPELINE)}")
    print(f"side-by-side sample: {len(sample)} countries ({' '.join(sample)}), "
          f"jobs={args.jobs}")
    with tempfile.TemporaryDirectory(prefix="gcm-bench-") as tmp:
        root = Path(tmp)
        with PeakMemory() as mem_batch:
            t_batch, failed = batch_run(sample, root / "batch", args.jobs, "sample")
        with PeakMemory() as mem_loop:
            t_loop = papermill_loop(sample, root / "loop")
        t_naive = None
        if not args.skip_naive:
            with PeakMemory() as mem_naive:
                t_naive = naive_loop(sample, root / "naive")
        with PeakMemory() as mem_code:
            t_code = code_alone(sample, root / "code", args.jobs)
        n = len(sample)
        print(f"{'method':<34}{'total s':>9}{'s/country':>11}{'peak MiB':>10}")
        if t_naive is not None:
            print(f"{'naive (papermill + nbconvert CLI)':<34}{t_naive:>9.1f}"
                  f"{t_naive / n:>11.2f}{mem_naive.peak_mib:>10.0f}")
        print(f"{'papermill loop, one process':<34}{t_loop:>9.1f}{t_loop / n:>11.2f}"
              f"{mem_loop.peak_mib:>10.0f}")
        print(f"{'gcm batch (warm kernels)':<34}{t_batch:>9.1f}{t_batch / n:>11.2f}"
              f"{mem_batch.peak_mib:>10.0f}")
        print(f"{'notebooks code alone (floor)':<34}{t_code:>9.1f}{t_code / n:>11.2f}"
              f"{mem_code.peak_mib:>10.0f}")
        if t_naive is not None:
            print(f"ratio naive / batch: {t_naive / t_batch:.1f}x (target >= 10x)")
        print(f"ratio loop / batch:  {t_loop / t_batch:.1f}x (target >= 4x)")
        print(f"batch / code alone:  {t_batch / t_code:.2f}x (what runner, kernels "
              "and exports add)")
        if failed:
            print(f"WARNING: {failed} sample runs failed")
        if args.full:
            everyone = batch.resolve_countries("all", reference.countries())
            with PeakMemory() as mem_full:
                t_full, failed_full = batch_run(everyone, root / "full", args.jobs,
                                                "full")
            print(f"full panel: {len(everyone)} countries in {t_full:.0f} s "
                  f"({t_full / 60:.1f} min; target <= 6 min), {failed_full} failed, "
                  f"peak {mem_full.peak_mib:.0f} MiB")
            t_floor = code_alone(everyone, root / "full-code", args.jobs)
            print(f"full panel, notebooks code alone: {t_floor:.0f} s "
                  f"({t_floor / 60:.1f} min); batch / code alone "
                  f"{t_full / t_floor:.2f}x")
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
