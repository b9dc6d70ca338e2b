"""Benchmark: what publishing adds to a run (prints figures, not a test).

From an existing run folder (default: a fresh ``gcm run`` of PRT into a temporary
folder), measured in this process, each the median of ``--repeat`` rounds:

1. the PNG copies of the report's figures (``show(fig, png=True)`` in notebook 05):
   the SVG of each figure, then the SVG and the PNG;
2. ``report.docx`` from the executed report notebook (``docx_report.report_docx``);
3. the batch index for ``--countries`` records built from the run's headline
   (``batch_index.render_index``).

Usage::

    .venv/bin/python benchmarks/bench_publish.py [RUN_DIR] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _median(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _figures(run_dir: Path) -> list:
    import pandas as pd

    from gcm_analysis.reference import objective_titles
    from gcm_analysis.reporting import costing, funding, needs

    titles = objective_titles("en", short=True).to_dict()
    read = lambda name: pd.read_csv(run_dir / f"{name}.csv")  # noqa: E731
    return [
        lambda: needs.plot_need_ranking(read("needs"), titles, lang="en"),
        lambda: costing.plot_budget_by_year(read("budget_by_objective_year"), titles,
                                            "en"),
        lambda: funding.plot_cost_vs_funding(read("funding_gap_by_year"), "en", True),
        lambda: funding.plot_funding_by_source_type(read("funding_by_source_type"),
                                                    "en"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", nargs="?")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--countries", type=int, default=200)
    args = parser.parse_args()
    if args.run_dir:
        run_dir = Path(args.run_dir)
    else:
        root = Path(tempfile.mkdtemp(prefix="bench-publish-"))
        subprocess.run([str(Path(sys.executable).parent / "gcm"), "run", "PRT",
                        "--run-id", "b", "--output", str(root)], check=True,
                       stdout=subprocess.DEVNULL)
        run_dir = root / "PRT" / "b"

    import matplotlib

    matplotlib.use("Agg")
    import nbformat

    from gcm_analysis.batch_index import BatchRecord, BatchResult, render_index
    from gcm_analysis.docx_report import report_docx
    from gcm_analysis.reporting import PNG_DPI, figure_png, figure_svg

    makers = _figures(run_dir)
    svg_only = _median(lambda: [figure_svg(make()) for make in makers], args.repeat)

    def both() -> None:
        for make in makers:
            fig = make()
            figure_svg(fig)
            figure_png(fig, dpi=PNG_DPI)

    with_png = _median(both, args.repeat)
    print(f"{len(makers)} report figures: SVG {svg_only:.3f} s, SVG + PNG "
          f"{with_png:.3f} s (+{with_png - svg_only:.3f} s a report)")

    notebook = nbformat.read(run_dir / "05_country_report.ipynb", as_version=4)
    docx = _median(lambda: report_docx(notebook, title="t", footer="f"), args.repeat)
    size = len(report_docx(notebook, title="t", footer="f"))
    print(f"report.docx: {docx:.3f} s, {size / 1024:.0f} KiB")

    headline = json.loads((run_dir / "headline.json").read_text(encoding="utf-8"))
    from gcm_analysis.reference import countries

    codes = countries()["iso3"].head(args.countries).tolist()
    records = [BatchRecord(code, "ok", 10.0, report_html=f"{code}/b/report.html",
                           headline=headline) for code in codes]
    summary = {"ok": len(records), "countries": len(records), "failed": 0,
               "interrupted": 0, "pending": 0, "stopped_by": None, "seconds": 1.0}
    result = BatchResult("b", run_dir, records, 1.0)
    index = _median(lambda: render_index(result, summary, "en"), args.repeat)
    print(f"index.html for {len(records)} countries: {index:.3f} s, "
          f"{len(render_index(result, summary, 'en')) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
