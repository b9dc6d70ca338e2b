#!/usr/bin/env python3
"""Set-up and tasks for GCM Workbook with nothing but Python >= 3.11 and pip.

    python3 tasks.py report [ISO3] [gcm run options...]   # country report (default PRT)
    python3 tasks.py test [pytest options...]             # the whole test suite
    python3 tasks.py lab                                  # JupyterLab on notebooks/
    python3 tasks.py benchmark                            # benchmarks/*.py
    python3 tasks.py gcm ARGS...                          # any gcm command
    python3 tasks.py lesson-notebooks                     # French lesson notebooks
    python3 tasks.py french-notebooks                     # notebooks/fr/ from catalogue
    python3 tasks.py i18n-update                          # catalogues: extract, merge
    python3 tasks.py i18n-check                           # French complete and current?
    python3 tasks.py i18n-import-json EN FR [NB_FR] [--funding-labels CSV] # old texts
    python3 tasks.py handouts [--lang fr] [--out DIR]     # lesson handouts (PDF)
    python3 tasks.py serve-lessons [--port 8000] [--password P]  # lessons to a room

Each task first makes sure the virtual environment ``.venv/`` exists and holds the
package with the extras it needs; it reinstalls only when pyproject.toml changed.
Uses the standard library only, so it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
EXTRAS = "test,pdf,dask,widgets"


def _stamp(extras: str) -> Path:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    return VENV / f".installed-{digest}-{extras.replace(',', '_')}"


def ensure_env(extras: str = EXTRAS) -> None:
    """Create .venv and install the package (editable) with ``extras`` if needed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - any python3 may run this file
        raise SystemExit(f"GCM Workbook needs Python >= 3.11; this is {sys.version}")
    stamp = _stamp(extras)
    if stamp.exists():
        return
    if not PYTHON.exists():
        print(f"creating {VENV.relative_to(ROOT)}/ ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print(f"installing gcm-workbook[{extras}] into .venv (first run: ~2 min) ...",
          flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                   check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e",
                    f".[{extras}]"], check=True, cwd=ROOT)
    # stamps of an older pyproject.toml go; other extras of this one stay (the lab
    # task installs two sets: each keeps its stamp, so neither reinstalls)
    current = stamp.name.split("-")[1]
    for old in VENV.glob(".installed-*"):
        if old.name.split("-")[1] != current:
            old.unlink()
    stamp.touch()


TEACH_VENV = VENV / "teach"
TEACH_BIN = TEACH_VENV / ("Scripts" if os.name == "nt" else "bin")
TEACH_PYTHON = TEACH_BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_teach_env() -> None:
    """The lesson server's environment, ``.venv/teach``: JupyterHub and JupyterLab.

    Kept apart from ``.venv`` (JupyterLab there slows every ``import papermill``);
    it sees ``.venv``'s packages through a ``.pth`` file, so it installs only
    the ``teach`` extra. The serve command installs JupyterHub's proxy from npm.
    """
    ensure_env()
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = TEACH_VENV / f".installed-{digest}"
    if stamp.exists():
        return
    if not TEACH_PYTHON.exists():
        print(f"creating {TEACH_VENV.relative_to(ROOT)}/ ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(TEACH_VENV)
    query = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    base = subprocess.run([str(PYTHON), "-c", query], check=True, capture_output=True,
                          text=True).stdout.strip()
    own = subprocess.run([str(TEACH_PYTHON), "-c", query], check=True,
                         capture_output=True, text=True).stdout.strip()
    Path(own, "gcm_workbook_base.pth").write_text(
        f"import site; site.addsitedir({base!r})\n", encoding="utf-8")
    print("installing the teach extra into .venv/teach (first run: ~1 min) ...",
          flush=True)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extra = project["project"]["optional-dependencies"]["teach"]
    subprocess.run([str(TEACH_PYTHON), "-m", "pip", "install", "--quiet", *extra],
                   check=True, cwd=ROOT)
    for old in TEACH_VENV.glob(".installed-*"):
        old.unlink()
    stamp.touch()


def run(args: list[str]) -> int:
    return subprocess.run(args, cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    task, rest = argv[0], argv[1:]
    if task == "report":
        ensure_env()
        country = rest[0] if rest and not rest[0].startswith("-") else "PRT"
        options = rest[1:] if rest and not rest[0].startswith("-") else rest
        return run([str(BIN / "gcm"), "run", country, *options])
    if task == "test":
        ensure_env()
        # loadgroup: tests that read the session's full-chain run share one worker
        return run([str(PYTHON), "-m", "pytest", "-n", "2", "--dist", "loadgroup",
                    *rest])
    if task == "lab":
        ensure_env(EXTRAS + ",lab")  # a superset of EXTRAS: one install, one stamp
        return run([str(BIN / "jupyter"), "lab", "notebooks/", *rest])
    if task == "gcm":
        ensure_env()
        return run([str(BIN / "gcm"), *rest])
    if task in ("lesson-notebooks", "handouts"):
        ensure_env()
        command = "notebooks" if task == "lesson-notebooks" else task
        return run([str(PYTHON), "-m", "gcm_analysis.teaching", command, *rest])
    if task == "french-notebooks":
        ensure_env()
        return run([str(PYTHON), "-m", "gcm_analysis.nbtext", *rest])
    if task in ("i18n-update", "i18n-check", "i18n-import-json"):
        ensure_env()
        return run([str(PYTHON), "-m", "gcm_analysis.catalogue", task[5:], *rest])
    if task == "serve-lessons":
        ensure_teach_env()
        return run([str(TEACH_PYTHON), "-m", "gcm_analysis.teaching", "serve", *rest])
    if task == "benchmark":
        ensure_env()
        code = 0
        for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
            code |= run([str(PYTHON), str(script), *rest])
        return code
    print(f"unknown task {task!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
