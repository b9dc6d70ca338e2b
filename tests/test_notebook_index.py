"""notebooks/README.md: where to start, every notebook linked, no dead link."""

from __future__ import annotations

import re

from gcm_analysis import paths


def test_the_index_starts_with_00_and_links_every_notebook():
    folder = paths.ROOT_DIR / "notebooks"
    text = (folder / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)\)", text)
    assert links[0] == "00_country_profile.ipynb"  # the first thing it says
    assert [link for link in links if not (folder / link).exists()] == []
    notebooks = sorted(p.name for p in folder.glob("*.ipynb"))
    assert [name for name in notebooks if name not in links] == []


def test_the_index_links_every_french_notebook():
    folder = paths.ROOT_DIR / "notebooks"
    text = (folder / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)\)", text)
    french = sorted(f"fr/{p.name}" for p in (folder / "fr").glob("*.ipynb"))
    assert "fr/compare_countries.ipynb" in french
    assert [name for name in french if name not in links] == []
