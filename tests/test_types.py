"""mypy passes over gcm_analysis with the settings in pyproject.toml.

Strict (every function typed) on the domain packages and the stage layer, lenient
elsewhere; see ``[tool.mypy]``. The cache lives in a temporary folder kept for the
session, so the suite never writes one into the checkout. mypy comes with the
``test`` extra: without it these tests fail rather than pass unchecked.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gcm_analysis import paths


def _mypy(cache: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), *targets],
        cwd=paths.ROOT_DIR, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy_cache")


def test_the_package_type_checks(mypy_cache: Path) -> None:
    result = _mypy(mypy_cache)  # files = ["gcm_analysis"] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr


def test_strict_modules_refuse_an_untyped_function(mypy_cache: Path,
                                                   tmp_path: Path) -> None:
    # the check can fail: an untyped def and a wrong return type in a strict module
    module = tmp_path / "gcm_analysis" / "costing" / "wrong.py"
    module.parent.mkdir(parents=True)
    (module.parent.parent / "__init__.py").write_text("")
    (module.parent / "__init__.py").write_text("")
    module.write_text(textwrap.dedent("""
        def untyped(x):
            return x


        def wrong() -> int:
            return "not a number"
    """))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(mypy_cache),
         "--config-file", str(paths.ROOT_DIR / "pyproject.toml"), str(module)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[no-untyped-def]" in result.stdout
    assert "[return-value]" in result.stdout
