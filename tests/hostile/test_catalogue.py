"""Every hostile plan is refused with located problems, or handled on purpose.

For each case of :mod:`tests.hostile.cases`:

- ``plan.validate_plan_file`` returns the located problems the case expects
  (file, sheet, Excel row, column, value found, what was expected), in seconds;
- ``gcm validate`` exits 3 and prints them, without a traceback;
- the input file is byte-for-byte unchanged (SHA-256 before and after);
- ``runner.run_country`` with the file as ``plan_file`` is refused before any
  kernel starts, and nothing is written under the output root.

Cases that are accepted on purpose (spaces stripped, a BOM ignored, a formula's
stored result read...) must give a valid plan whose content the case checks.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from gcm_analysis import cli, paths, plan
from gcm_analysis.errors import InputError, ParameterError
from gcm_analysis.runner import run_country

from .builders import digest
from .cases import CASES, Case

SECONDS = 30  # far above any case (the slowest, 100,000 rows, takes ~2 s)


def _within(seconds: float, function, *args, **kwargs):
    """Call ``function`` in a thread; fail (instead of hanging) past ``seconds``."""
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["value"] = function(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{function.__name__} did not return in {seconds} s"
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["value"]


@pytest.fixture
def built(request, tmp_path) -> tuple[Case, Path]:
    case: Case = request.param
    source = tmp_path / "in"
    source.mkdir()
    return case, case.build(source)


def _problems_text(problems) -> str:
    return "\n".join(f"  {p!r}" for p in problems[:30])


REFUSED = [c for c in CASES if c.handled is None]
HANDLED = [c for c in CASES if c.handled is not None]


@pytest.mark.parametrize("built", REFUSED, ids=[c.id for c in REFUSED],
                         indirect=True)
def test_hostile_plan_is_refused_with_located_problems_and_left_unchanged(
        built, tmp_path, capsys):
    case, path = built
    before = digest(path)
    started = time.perf_counter()
    problems = _within(SECONDS, plan.validate_plan_file, path)
    assert time.perf_counter() - started < 10, "validation took too long"
    assert problems, f"{case.id}: no problem reported"
    for want in case.expect:
        assert any(want.matches(p) for p in problems), (
            f"{case.id}: no problem like {want}; got\n{_problems_text(problems)}")
    for problem in problems:
        assert problem.file.startswith(str(path)), problem
        assert problem.message and (problem.expected or problem.row is None), problem
        if problem.row is not None:
            assert problem.sheet, problem  # a row is always in a sheet
    assert len(problems) <= 200, "problem list is not readable"

    # gcm validate: exit code 3, every problem listed, no traceback
    capsys.readouterr()
    assert _within(SECONDS, cli.main, ["validate", str(path)]) == cli.EXIT_INPUT
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert not any(c in err for c in "\x1b\x00\u202e"), "raw control characters"
    assert f"{len(problems)} problem(s) in {path}" in err
    assert str(problems[0]) in err

    # a run with this plan is refused before any kernel; nothing is written
    out = tmp_path / "outputs"
    expected_error = ParameterError if case.refused_by_parameters else InputError
    with pytest.raises(expected_error) as refused:
        _within(SECONDS, run_country, {"country": "PRT", "run_id": "hostile",
                                       "plan_file": str(path)}, output_root=out)
    if expected_error is InputError:
        assert refused.value.problems == problems
    assert not out.exists() or list(out.rglob("*")) == []
    assert digest(path) == before, "the input file was changed"
    assert not (paths.OUTPUTS_DIR / "PRT" / "hostile").exists()


@pytest.mark.parametrize("built", HANDLED, ids=[c.id for c in HANDLED],
                         indirect=True)
def test_accepted_hostile_plan_is_handled_as_documented(built):
    from gcm_analysis.stages.params import validate_parameters

    case, path = built
    before = digest(path)
    problems = _within(SECONDS, plan.validate_plan_file, path)
    assert problems == [], _problems_text(problems)
    case.handled(plan.read_plan(path))
    validate_parameters({"country": "PRT", "currency": "EUR", "plan_file": str(path)})
    assert digest(path) == before


def test_catalogue_is_large_and_covers_every_category():
    categories = {c.category for c in CASES}
    assert len(CASES) >= 30
    assert {"structure", "types", "numbers", "excel", "volume", "files",
            "references", "shares", "text", "csv"} <= categories


def test_catalogue_is_documented():
    doc = (paths.ROOT_DIR / "docs" / "hardening.md").read_text(encoding="utf-8")
    missing = [c.id for c in CASES if f"`{c.id}`" not in doc]
    assert not missing, f"docs/hardening.md does not list {missing}"


@pytest.mark.parametrize("case_id", ["far_away_cell", "zip_bomb", "pipe_in_plan_folder",
                                     "rows_100000_xlsx"])
def test_gcm_validate_process_survives_the_nastiest_files(tmp_path, case_id):
    """In a real process: a workbook that once aborted the interpreter (calamine
    asked for 550 GB), a zip bomb, a pipe that would block a read, 100,000 rows."""
    import subprocess
    import sys

    case = next(c for c in CASES if c.id == case_id)
    source = tmp_path / "in"
    source.mkdir()
    path = case.build(source)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "gcm_analysis", "validate", str(path)],
                          capture_output=True, text=True, timeout=120,
                          cwd=paths.ROOT_DIR)
    assert done.returncode == cli.EXIT_INPUT, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "panicked" not in done.stderr
    assert case.expect[0].message in done.stderr
    assert time.perf_counter() - started < 30
