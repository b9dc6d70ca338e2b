from __future__ import annotations

import pytest

from gcm_analysis import paths


@pytest.mark.parametrize("bad", ["..", "../x", "/etc", "a/b", "", ".hidden", "-x",
                                 "a" * 65, "a\\b", "run id", "x..y"])
def test_unsafe_run_ids_are_refused(bad):
    with pytest.raises(ValueError, match="run id"):
        paths.check_run_id(bad)


@pytest.mark.parametrize("bad", ["prt", "PR", "PRTX", "../", "P1T", ""])
def test_run_dir_refuses_non_iso3(bad):
    with pytest.raises(ValueError):
        paths.run_dir(bad, "dev")


def test_run_dir_stays_under_the_root(tmp_path):
    out = paths.run_dir("PRT", "2026-01-01_a", tmp_path)
    assert out == tmp_path / "PRT" / "2026-01-01_a"
    assert paths.run_dir("PRT", "dev").is_relative_to(paths.OUTPUTS_DIR)
