"""The `gcm` command line: help, exit codes, no tracebacks for user errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gcm_analysis import paths
from gcm_analysis.cli import main


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "batch", "data", "template", "validate"):
        assert command in out


@pytest.mark.parametrize("command", ["run", "batch", "template", "validate"])
def test_each_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: gcm " + command in capsys.readouterr().out


def test_unknown_country_exits_2_without_traceback_and_writes_nothing(tmp_path, capsys):
    code = main(["run", "POR", "--output", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "did you mean PRT" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_bad_choice_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "PRT", "--lang", "de"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_template_then_validate(tmp_path, capsys):
    blank = tmp_path / "blank.xlsx"
    assert main(["template", str(blank)]) == 0
    assert main(["validate", str(blank)]) == 3  # a blank plan has no interventions
    assert "sheet 'interventions'" in capsys.readouterr().err
    starter = tmp_path / "starter.xlsx"
    assert main(["template", str(starter), "--country", "KEN", "--starter",
                 "--objectives", "1", "20"]) == 0
    assert main(["validate", str(starter)]) == 0
    assert main(["template", str(starter)]) == 2  # exists: not overwritten


def test_validate_a_non_excel_file_exits_3_without_traceback(tmp_path):
    fake = tmp_path / "plan.xlsx"
    fake.write_text("this is not a workbook")
    before = fake.read_bytes()
    result = subprocess.run([sys.executable, "-m", "gcm_analysis", "validate",
                             str(fake)], capture_output=True, text=True)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr and "plan.xlsx" in result.stderr
    assert fake.read_bytes() == before


def test_data_build_check_passes_on_the_committed_files(capsys):
    assert main(["data", "build", "--check"]) == 0
    assert "match" in capsys.readouterr().out


@pytest.mark.slow
def test_batch_exits_1_when_a_country_fails_and_writes_the_manifest(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gcm_analysis", "batch", "--countries", "PRT,POR",
         "--output", str(tmp_path), "--batch-id", "cli", "--no-pdf", "--jobs", "1"],
        capture_output=True, text=True, cwd=paths.ROOT_DIR)
    assert result.returncode == 1, result.stderr
    assert "POR: refused" in result.stderr and "Traceback" not in result.stderr
    summary = json.loads((tmp_path / "batch" / "cli" / "manifest.json").read_text())
    assert {r["country"]: r["status"] for r in summary["runs"]} == \
        {"PRT": "ok", "POR": "refused"}
    assert (tmp_path / "PRT" / "cli" / "report.html").exists()


@pytest.mark.slow
def test_teach_prints_a_participant_and_a_trainer_copy(tmp_path, capsys):
    assert main(["teach", "2", "--lang", "fr", "--output", str(tmp_path)]) == 0
    assert main(["teach", "2", "--lang", "fr", "--solutions",
                 "--output", str(tmp_path)]) == 0
    pages = sorted(p.name for p in tmp_path.glob("*.html"))
    assert len(pages) == 2 and any("participant" in p for p in pages)
    participant = next(tmp_path.glob("*participant*.html")).read_text()
    assert "Leçon 2" in participant and "<script" not in participant


def test_teach_refuses_an_unknown_lesson(capsys):
    assert main(["teach", "9"]) == 2
    assert "lessons are" in capsys.readouterr().err
