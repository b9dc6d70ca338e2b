from __future__ import annotations

import json

import pytest

from gcm_analysis import paths
from gcm_analysis.i18n import LANGUAGES, t


def test_every_language_has_the_same_keys():
    keys = {lang: set(json.loads((paths.LOCALES_DIR / f"{lang}.json").read_text()))
            for lang in LANGUAGES}
    assert keys["en"] == keys["fr"]


def test_placeholders_agree_across_languages():
    import string

    en = json.loads((paths.LOCALES_DIR / "en.json").read_text())
    fr = json.loads((paths.LOCALES_DIR / "fr.json").read_text())
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    assert ({k: fields(v) for k, v in en.items()}
            == {k: fields(v) for k, v in fr.items()})


def test_translation_fills_placeholders():
    assert t("profile.title", "fr", country_name="Kenya") == "Profil de pays : Kenya"


def test_unknown_language_and_key_are_refused():
    with pytest.raises(ValueError, match="not supported"):
        t("profile.title", "de")
    with pytest.raises(KeyError, match="missing"):
        t("no.such.key", "en")


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
