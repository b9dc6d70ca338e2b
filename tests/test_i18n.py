from __future__ import annotations

import re
import shutil

import pytest

from gcm_analysis import catalogue, paths
from gcm_analysis.i18n import LANGUAGES, t
from gcm_analysis.i18n import catalogue as messages


def test_the_french_catalogue_is_complete_and_current():
    """Every entry of the template has a French text, none fuzzy or obsolete,
    with every placeholder of the English."""
    found = catalogue.problems("fr")
    assert not found, ("fix gcm_analysis/locales/fr/LC_MESSAGES/gcm.po "
                       "(python3 tasks.py i18n-update lists the changes):\n"
                       + "\n".join(found[:30]))


def test_no_legacy_json_catalogue_is_left_behind():
    leftovers = sorted(p.name for p in paths.LOCALES_DIR.glob("*.json"))
    assert not leftovers, (
        f"{leftovers}: fold them in with python3 tasks.py i18n-import-json "
        "EN.json FR.json [NOTEBOOKS.fr.json], then delete them")


def test_every_language_has_the_same_keys():
    keys = {lang: set(messages(lang)) for lang in LANGUAGES}
    assert keys["en"] == keys["fr"] and len(keys["en"]) > 500


def test_the_catalogue_is_as_i18n_update_writes_it(tmp_path):
    """Regenerating the template and merging changes nothing: the notebooks'
    Markdown is in the template as it is now."""
    root = tmp_path / "locales"
    shutil.copytree(paths.LOCALES_DIR, root)
    result = catalogue.update(root)
    assert result["changed"] == {"gcm.pot": False, "fr.po": False}
    assert result["fr"] == {"new": [], "fuzzy": [], "obsolete": []}


def _copy(tmp_path):
    root = tmp_path / "locales"
    shutil.copytree(paths.LOCALES_DIR, root)
    return root


def test_a_changed_english_text_makes_its_french_fuzzy(tmp_path):
    root = _copy(tmp_path)
    pot = catalogue.template_path(root)
    text = pot.read_text(encoding="utf-8")
    old = 'msgid "Indicators against peer medians"'
    assert old in text
    pot.write_text(text.replace(old, 'msgid "Indicators against the peer medians"'),
                   encoding="utf-8")
    result = catalogue.update(root)
    assert result["fr"]["fuzzy"] == ["profile.table_heading"]
    assert catalogue.problems("fr", root) == [
        "profile.table_heading: fuzzy (outdated translation)"]
    po = catalogue.po_path("fr", root).read_text(encoding="utf-8")
    assert ('#, fuzzy\n#| msgid "Indicators against peer medians"\n'
            'msgctxt "profile.table_heading"') in po


def test_import_json_folds_in_what_another_branch_changed(tmp_path):
    root = _copy(tmp_path)
    base_en = {"profile.title": "Country profile: {country_name}",
               "profile.table_heading": "Indicators against peer medians",
               "gone.key": "Old"}
    base_fr = {"profile.title": "Profil de pays\u202f: {country_name}",
               "profile.table_heading":
               "Indicateurs par rapport aux médianes des pairs",
               "gone.key": "Vieux"}
    branch_en = {**base_en, "new.key": "New text {n}",
                 "profile.table_heading": "Indicators against the peer medians"}
    branch_en.pop("gone.key")
    branch_fr = {**base_fr, "new.key": "Nouveau texte {n}"}
    branch_fr.pop("gone.key")
    report = catalogue.import_json(branch_en, branch_fr, None,
                                   base=(base_en, base_fr, {}), root=root)
    assert report.added == ["new.key"]
    assert report.english_changed == ["profile.table_heading"]
    assert report.marked_fuzzy == ["profile.table_heading"]
    assert report.removed_upstream == ["gone.key"]
    found = catalogue.problems("fr", root)
    assert found == ["profile.table_heading: fuzzy (outdated translation)"]
    # idempotent: a second import changes nothing
    before = catalogue.po_path("fr", root).read_bytes()
    again = catalogue.import_json(branch_en, branch_fr, None,
                                  base=(base_en, base_fr, {}), root=root)
    assert again.added == [] and again.english_changed == []
    assert catalogue.po_path("fr", root).read_bytes() == before


def test_translation_fills_placeholders():
    assert t("profile.title", "fr", country_name="Kenya") == "Profil de pays : Kenya"


def test_unknown_language_and_key_are_refused():
    with pytest.raises(ValueError, match="not supported"):
        t("profile.title", "de")
    with pytest.raises(KeyError, match="missing"):
        t("no.such.key", "en")


KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z_][a-z0-9_]*(?:\.[a-zA-Z0-9_]+)+)["']""")


def test_every_key_the_code_asks_for_exists(project_root):
    """Every literal key passed to ``t(...)`` in the package and notebooks."""
    keys = set(messages("en"))
    asked = {}
    sources = [*(project_root / "gcm_analysis").rglob("*.py"),
               *(project_root / "notebooks").rglob("*.ipynb")]
    for path in sources:
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            asked.setdefault(key, path.name)
    assert len(asked) > 50
    missing = {k: v for k, v in asked.items() if k not in keys}
    assert not missing, missing


def test_numbers_are_written_the_french_way_without_matplotlib():
    import subprocess
    import sys

    from gcm_analysis.i18n import format_percent, localise_number
    from gcm_analysis.reporting import _style

    assert _style.localise_number is localise_number  # one rule for both
    assert localise_number("12,345.6", "fr") == "12\u202f345,6"
    assert format_percent(0.375, "fr") == "38\u202f%" and format_percent(0.375) == "38%"
    code = ("import sys, gcm_analysis.needs, gcm_analysis.selection; "
            "sys.exit('matplotlib' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_every_menu_title_and_ministry_has_its_french():
    """The costed-action menu's titles and ministries are in the catalogue with
    the English they translate: editing the CSV without the catalogue fails."""
    from gcm_analysis import io
    from gcm_analysis.i18n import menu_in_language

    menu = io.read_reference("costed_actions")
    french = menu_in_language(menu, "fr")
    same_title = french["action_title"] == menu["action_title"]
    same_ministry = french["lead_ministry"] == menu["lead_ministry"]
    assert not same_title.any(), sorted(set(menu.loc[same_title, "action_title"]))
    assert not same_ministry.any(), sorted(set(menu.loc[same_ministry,
                                                        "lead_ministry"]))
    assert (menu_in_language(menu, "en") is menu
            and menu_in_language(menu, "es") is menu)


def test_the_assumptions_annex_and_data_sources_have_their_french():
    from gcm_analysis import io, report

    assumptions = report.assumptions_table(io.read_reference("assumptions"), "fr")
    english = report.assumptions_table(io.read_reference("assumptions"), "en")
    assert not (assumptions.iloc[:, 1] == english.iloc[:, 1]).any()
    ratings = set(assumptions.iloc[:, 2]) | set(assumptions.iloc[:, 3])
    assert not any(word in r for r in ratings for word in ("Amber", "Red", "Green"))
    sources = report.data_sources_table(io.read_reference("data_sources"), "fr")
    original = io.read_reference("data_sources")
    assert not (sources.iloc[:, 4].to_numpy() == original["used_for"].to_numpy()).any()
    publishers = sources.iloc[:, 1].to_numpy()
    assert "Banque mondiale" in publishers and "HCR" in publishers
    # publishers and licences without a French form are names (ISO, CC BY...)
    for column, field in ((1, "publisher"), (2, "licence")):
        changed = sources.iloc[:, column].to_numpy() != original[field].to_numpy()
        kept = original.loc[~changed, field].tolist()
        assert all(" the " not in f" {v} " and "not verified" not in v
                   for v in kept), kept
