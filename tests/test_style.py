"""The code follows the project's lint rules (ruff, settings in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from gcm_analysis import paths


def test_ruff_finds_nothing_in_code_tests_and_notebooks():
    checked = ["gcm_analysis", "tests", "notebooks", "benchmarks", "tasks.py"]
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                           *checked], cwd=paths.ROOT_DIR, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
