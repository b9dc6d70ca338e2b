"""Containment: no parameter or planted link makes a run write outside its root.

Runs here use no stage (``stages=()``): the runner still validates, stages a
folder, exports, writes run.json and renames, which is every write a run makes
outside the kernels; kernels only write into the staging folder they are given
(``output_root="."``), never to a path taken from a parameter.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gcm_analysis import batch, paths
from gcm_analysis.errors import ParameterError
from gcm_analysis.runner import run_country


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() or p.is_symlink()}


@pytest.fixture
def sandbox(tmp_path):
    """``root`` (the output root) beside ``elsewhere`` (must stay untouched)."""
    root, elsewhere = tmp_path / "root", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("precious")
    return root, elsewhere


def _run(root: Path, **values):
    return run_country({"country": "PRT", "run_id": "r1", **values}, stages=(),
                       output_root=root, pdf=False)


def test_an_empty_chain_writes_only_its_run_folder(sandbox):
    root, elsewhere = sandbox
    result = _run(root)
    assert result.status == "ok"
    assert _files(root) == {"PRT/r1/run.json", "PRT/r1/settings.json"}
    assert _files(elsewhere) == {"keep.txt"}


@pytest.mark.parametrize("run_id", ["../r", "../../elsewhere", "/tmp/x", "a/b", "..",
                                    ".hidden", "r\x00", "r\n", "~", "$HOME"])
def test_run_ids_that_leave_the_root_are_refused(sandbox, run_id):
    root, elsewhere = sandbox
    with pytest.raises(ParameterError, match="run id"):
        _run(root, run_id=run_id)
    assert _files(root) == set() and _files(elsewhere) == {"keep.txt"}


@pytest.mark.parametrize("country", ["../", "..", "P/T", "PR.", "/et", "prt", "ÄÖÜ"])
def test_country_codes_that_are_not_iso3_are_refused(sandbox, country):
    root, elsewhere = sandbox
    with pytest.raises(ParameterError):
        _run(root, country=country)
    assert _files(root) == set() and _files(elsewhere) == {"keep.txt"}


def test_output_root_parameter_cannot_redirect_a_run(sandbox):
    """``output_root`` is a notebook parameter; the runner gives kernels ``"."``
    and writes under the root it was called with, whatever the parameter says."""
    root, elsewhere = sandbox
    result = _run(root, output_root=str(elsewhere))
    assert result.status == "ok"
    assert _files(elsewhere) == {"keep.txt"}
    manifest = json.loads((root / "PRT" / "r1" / "run.json").read_text())
    assert "output_root" not in manifest["parameters"]


@pytest.mark.parametrize("planted", ["PRT", "PRT/r1", ".staging"])
def test_a_symbolic_link_below_the_root_is_refused(sandbox, planted):
    root, elsewhere = sandbox
    link = root / planted
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ParameterError, match="symbolic link"):
        _run(root)
    assert _files(elsewhere) == {"keep.txt"}
    assert link.is_symlink()  # left as found


def test_a_root_that_is_a_link_is_followed_on_purpose(tmp_path):
    """The output root itself may be a link (outputs/ kept on a larger disk)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    root = tmp_path / "outputs"
    root.symlink_to(disk, target_is_directory=True)
    assert _run(root).status == "ok"
    assert _files(disk) == {"PRT/r1/run.json", "PRT/r1/settings.json"}


def test_a_batch_folder_that_is_a_link_is_refused(sandbox):
    root, elsewhere = sandbox
    (root / "batch").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ParameterError, match="symbolic link"):
        batch.run_batch(["PRT"], {}, output_root=root, batch_id="b1", stages=(),
                        progress=False, pdf=False)
    assert _files(elsewhere) == {"keep.txt"}


@pytest.mark.parametrize("batch_id", ["../b", "/tmp/b", "b/c", ".."])
def test_batch_ids_that_leave_the_root_are_refused(sandbox, batch_id):
    root, elsewhere = sandbox
    with pytest.raises(ParameterError, match="run id"):
        batch.run_batch(["PRT"], {}, output_root=root, batch_id=batch_id, stages=(),
                        progress=False, pdf=False)
    assert _files(root) == set() and _files(elsewhere) == {"keep.txt"}


def test_check_output_dir_refuses_escapes(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    assert paths.check_output_dir(root, root / "PRT" / "r") == root / "PRT" / "r"
    for escape in (tmp_path / "other", root / ".." / "other", Path("/etc")):
        with pytest.raises(ParameterError):
            paths.check_output_dir(root, escape)


def test_a_plan_is_only_read_never_written(sandbox, tmp_path):
    """A run reads its plan file; it never writes beside it (a read-only folder
    would refuse it anyway: the check here is byte-for-byte)."""
    from gcm_analysis import io

    root, _ = sandbox
    plan_dir = paths.PLANS_DIR / "PRT_example"
    before = {p.name: io.sha256_file(p) for p in plan_dir.iterdir()}
    stamps = {p.name: p.stat().st_mtime_ns for p in plan_dir.iterdir()}
    assert _run(root, plan_file=str(plan_dir)).status == "ok"
    assert {p.name: io.sha256_file(p) for p in plan_dir.iterdir()} == before
    assert {p.name: p.stat().st_mtime_ns for p in plan_dir.iterdir()} == stamps
    assert not any(name.startswith(".") for name in os.listdir(plan_dir))
