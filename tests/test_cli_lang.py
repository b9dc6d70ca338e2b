"""The command line and located problems in English and French (issue 19).

A :class:`~gcm_analysis.errors.Problem` keeps its catalogue key and values, so
``gcm validate`` and the report's warnings appendix write it in either language;
``gcm`` prints in the terminal's language (``--lang``, ``GCM_LANG``, then
gettext's ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``).
"""

from __future__ import annotations

import ast
import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from gcm_analysis import cli, paths, plan, report
from gcm_analysis.catalogue import entries
from gcm_analysis.errors import InputError, Number, Problem, counted, msg
from gcm_analysis.runfolder import read_plan_snapshot, write_plan_snapshot
from gcm_analysis.termtext import terminal_lang

PACKAGE = Path(__file__).resolve().parents[1] / "gcm_analysis"
NNBSP, NBSP = "\u202f", "\u00a0"
LOCALE_VARIABLES = ("GCM_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# English words a French problem must not contain (names and codes aside)
ENGLISH = re.compile(r"\b(the|is|are|not|of|and|or|sheet|row|column|found|expected|"
                     r"warning|missing|value|cell|must|with|should|"
                     r"problem|problems|error)\b", re.IGNORECASE)


@pytest.fixture
def no_locale(monkeypatch):
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _bad_plan(tmp_path: Path, error: bool = True) -> Path:
    """The PRT example as CSV with a decimal comma in row 2 of cost_lines (an
    error, unless ``error`` is false) and a misspelt column (a warning)."""
    folder = tmp_path / "plan"
    shutil.copytree(paths.PLANS_DIR / "PRT_example", folder)
    path = folder / "cost_lines.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if error:
        rows[1][rows[0].index("unit_cost_likely")] = "12,5"
    rows[0][rows[0].index("notes")] = "unit_cost_hihg"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return folder


def _french(text: str) -> str:
    """``text`` without names, codes, paths and quoted values (what stays English
    on purpose), for the stop-word check."""
    return re.sub(r"«\u00a0[^»]*\u00a0»|'[^']*'|\S*[/_.`\\]\S*|\b[A-Z]{2,}\w*",
                  " ", text)


# ------------------------------------------------------------------ validate
def test_validate_in_french_lists_located_problems(tmp_path, capsys, no_locale):
    folder = _bad_plan(tmp_path)
    assert cli.main(["validate", "--lang", "fr", str(folder)]) == cli.EXIT_INPUT
    err = capsys.readouterr().err
    assert f"1 avertissement dans {folder}" in err
    assert f"1 problème dans {folder}{NNBSP}:" in err
    # located: the file's own names untouched, the words French
    assert (f"feuille «{NBSP}cost_lines{NBSP}», ligne 2, colonne "
            f"«{NBSP}unit_cost_likely{NBSP}»{NNBSP}: pas un nombre{NNBSP}: écrire les "
            "décimales avec un point") in err
    assert (f"(cellule K2) (valeur lue{NNBSP}: '12,5'{NNBSP}; attendu{NNBSP}: "
            "un nombre") in err
    assert f"avertissement{NNBSP}:" in err and "colonne «\u00a0unit_cost_hihg" in err
    assert "s'agit-il de «\u00a0unit_cost_high\u00a0»" not in err  # notes was renamed
    for line in err.splitlines():
        assert not ENGLISH.search(_french(line)), line


def test_validate_follows_lang_variable(tmp_path, capsys, no_locale):
    folder = _bad_plan(tmp_path)
    no_locale.setenv("LANG", "fr_FR.UTF-8")
    assert cli.main(["validate", str(folder)]) == cli.EXIT_INPUT
    assert f"ligne 2, colonne «{NBSP}unit_cost_likely{NBSP}»" in capsys.readouterr().err
    no_locale.setenv("GCM_LANG", "en")  # GCM_LANG wins over LANG
    assert cli.main(["validate", str(folder)]) == cli.EXIT_INPUT
    assert "row 2, column 'unit_cost_likely'" in capsys.readouterr().err


def test_validate_in_english_is_unchanged(tmp_path, capsys, no_locale):
    folder = _bad_plan(tmp_path)
    assert cli.main(["validate", str(folder)]) == cli.EXIT_INPUT
    err = capsys.readouterr().err
    assert f"1 problem(s) in {folder}:" in err
    assert ("sheet 'cost_lines', row 2, column 'unit_cost_likely': not a number: "
            "write decimals with a point and no thousands separator, e.g. 1234.5 "
            "(cell K2) (found '12,5'; expected a number from 0 to ") in err
    assert "warning: " in err and "column 'unit_cost_hihg'" in err


def test_valid_plan_and_refused_path_in_french(tmp_path, capsys, no_locale):
    example = str(paths.PLANS_DIR / "PRT_example")
    assert cli.main(["validate", "--lang", "fr", example]) == cli.EXIT_OK
    assert f"ok{NNBSP}: {example} est un plan valide" in capsys.readouterr().out
    no_locale.setenv("LC_ALL", "fr_CA.UTF-8")
    assert cli.main(["template", str(tmp_path / "plan.txt")]) == cli.EXIT_USAGE
    assert capsys.readouterr().err.startswith(
        f"erreur{NNBSP}: le chemin du modèle {tmp_path / 'plan.txt'} doit se terminer")


@pytest.mark.parametrize(("given", "environ", "expected"), [
    ("fr", {"LANG": "en_US.UTF-8"}, "fr"),
    ("es", {"LANG": "fr_FR.UTF-8"}, "en"),  # --lang es (template): English terminal
    (None, {"GCM_LANG": "fr_BE", "LANG": "en_US.UTF-8"}, "fr"),
    (None, {"LANGUAGE": "fr:en", "LANG": "en_GB.UTF-8"}, "fr"),
    (None, {"LANGUAGE": "fr", "LC_ALL": "C"}, "en"),  # gettext ignores LANGUAGE under C
    (None, {"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
    (None, {"LC_MESSAGES": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
    (None, {}, "en"),
])
def test_terminal_language(given, environ, expected):
    assert terminal_lang(given, environ) == expected


# ------------------------------------------------------------------ problems
def test_problem_keeps_key_values_and_english_message():
    problem = Problem.of(msg("text_too_long", count=Number(40000)), file="p.xlsx",
                         sheet="cost_lines", row=4, column="item", value="x" * 3,
                         expected=msg("text_too_long.expected", count=Number(32767)))
    assert problem.message == "text too long (40,000 characters)"
    assert problem.expected == "at most 32,767 characters"
    assert str(problem) == ("p.xlsx, sheet 'cost_lines', row 4, column 'item': text "
                            "too long (40,000 characters) (found 'xxx'; expected at "
                            "most 32,767 characters)")
    assert problem.render("fr") == (
        f"p.xlsx, feuille «{NBSP}cost_lines{NBSP}», ligne 4, colonne «{NBSP}item{NBSP}»"
        f"{NNBSP}: texte trop long (40{NNBSP}000 caractères) (valeur lue{NNBSP}: 'xxx'"
        f"{NNBSP}; attendu{NNBSP}: 32{NNBSP}767 caractères au plus)")


def test_user_text_is_never_translated_and_stays_escaped():
    sheet = "feuille\x1b[2J"  # an escape sequence in a sheet name
    problem = Problem.of(msg("required_column_missing"), file="p.xlsx", sheet=sheet,
                         row=1, column="value", expected=msg("column_named",
                                                             column="value\u202e"))
    for lang in ("en", "fr"):
        text = problem.render(lang)
        assert "\x1b" not in text and "\\x1b[2J" in text
        assert "\u202e" not in text and "\\u202e" in text


def test_input_error_renders_in_french():
    error = InputError([Problem.of(msg("value_missing"), file="p.xlsx", row=3)],
                       "the plan p.xlsx has 1 problem(s)")
    assert str(error).startswith("the plan p.xlsx has 1 problem(s):")
    assert error.render(lang="fr") == (f"1 problème relevé{NNBSP}:\n  - p.xlsx, ligne 3"
                                       f"{NNBSP}: valeur manquante")
    refused = InputError(error.problems * 2, counted("plan_file", 2, path="p.xlsx"))
    assert str(refused).startswith("the plan file p.xlsx has 2 problem(s); nothing "
                                   "was run:\n  - p.xlsx, row 3: value missing")
    assert refused.render(lang="fr").startswith(
        f"le fichier de plan p.xlsx présente 2 problèmes{NNBSP}; rien n'a été exécuté"
        f"{NNBSP}:\n  - p.xlsx, ligne 3")


def test_plan_snapshot_keeps_keys_so_the_french_appendix_reads_french(tmp_path):
    folder = _bad_plan(tmp_path, error=False)
    the_plan = plan.read_plan(folder)
    assert the_plan.warnings
    write_plan_snapshot(the_plan, tmp_path / "snapshot")
    schema = json.loads((tmp_path / "snapshot" / "schema.json").read_text())
    assert schema["warnings"][0]["text"]["key"] == "problem.unused_column.letter"
    again = read_plan_snapshot(tmp_path / "snapshot").warnings
    assert [(p.message_in("fr"), p.expected_in("fr")) for p in again] == \
        [(p.message_in("fr"), p.expected_in("fr")) for p in the_plan.warnings]
    markdown, table = report.plan_warnings_section(again, "plan", "fr")
    cells = " ".join(str(v) for v in table.to_numpy().ravel())
    assert "colonne non utilisée par le produit" in cells and "feuille" in cells
    assert not ENGLISH.search(_french(cells)), cells
    # a snapshot written before the keys still reads (in English)
    del schema["warnings"][0]["text"], schema["warnings"][0]["expected_text"]
    old = Problem.from_dict(schema["warnings"][0])
    assert old.message_in("fr") == old.message and "column not used" in old.message


# ------------------------------------------------------------------ coverage
def _calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else \
        func.attr if isinstance(func, ast.Attribute) else ""


def test_every_problem_the_package_builds_has_a_catalogue_key():
    """No ``Problem(message="English")`` is left: problems are built with
    ``Problem.of(msg(...))`` (or ``ProblemList.add(message=msg(...))``), and
    every literal ``msg`` key is in the catalogue."""
    english = entries("en")
    french = entries("fr")
    bare, keys = [], set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "errors.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree):
            where = f"{path.relative_to(PACKAGE)}:{call.lineno}"
            if _name(call) == "Problem" or (
                    _name(call) in ("add", "replace")
                    and any(k.arg == "message" and not isinstance(k.value, ast.Name)
                            and not (isinstance(k.value, ast.Call)
                                     and _name(k.value) in ("msg", "render"))
                            for k in call.keywords)):
                bare.append(where)
            if _name(call) == "msg" and call.args and isinstance(call.args[0],
                                                                ast.Constant):
                keys.add(f"problem.{call.args[0].value}")
    assert not bare, bare
    assert len(keys) > 100
    assert keys <= set(english), sorted(keys - set(english))
    assert all(french[k].translation for k in keys)


def test_french_problem_texts_have_no_english_words():
    for key, entry in entries("fr").items():
        if key.startswith(("problem.", "cli.")):
            shown = re.sub(r"\{\w+\}|%\(\w+\)", " ", entry.translation or "")
            assert not ENGLISH.search(_french(shown)), (key, shown)


# ------------------------------------------------------------------ template
def test_french_template_is_french_but_names_and_codes(tmp_path, capsys, no_locale):
    import openpyxl

    path = tmp_path / "plan.xlsx"
    assert cli.main(["template", str(path), "--lang", "fr"]) == cli.EXIT_OK
    assert capsys.readouterr().out == f"écrit{NNBSP}: {path} (modèle vierge)\n"
    book = openpyxl.load_workbook(path)
    rows = list(book["instructions"].iter_rows(values_only=True))
    texts = [str(row[0]) for row in rows  # headings and instructions
             if row[0] and len([c for c in row if c]) == 1]
    # the column table and the categories: everything but the sheet, column and
    # category names, which the plan uses as they are
    texts += [str(cell) for row in rows
              if len([c for c in row if c]) > 1 for cell in row[2:] if cell]
    texts += [str(row[3]) for row in book["settings"].iter_rows(min_row=2,
                                                                  values_only=True)]
    for name in ("settings", "cost_lines", "interventions", "funding"):
        texts += [c.comment.text for c in book[name][1] if c.comment]
    lists = {c.value: i for i, c in enumerate(book["lists"][1])}
    for column in ("unit", "category_name", "yesno"):
        texts += [str(row[lists[column]]) for row in book["lists"].iter_rows(
            min_row=2, values_only=True) if row[lists[column]]]
    assert "mois-personne" in texts and "oui" in texts and "Personnel" in texts
    assert len(texts) > 150
    english = [text for text in texts if ENGLISH.search(_french(text))]
    assert not english, english[:5]


def test_help_in_french(capsys, no_locale):
    no_locale.setenv("GCM_LANG", "fr")
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith(f"utilisation{NNBSP}: gcm")
    assert "exécuter la chaîne pour un pays et exporter son rapport" in out
    with pytest.raises(SystemExit):
        cli.main(["run", "--help", "--lang", "fr"])
    out = capsys.readouterr().out
    assert f"options{NNBSP}:" in out and "langue du rapport (par défaut" in out
    no_locale.setenv("GCM_LANG", "en")
    with pytest.raises(SystemExit):
        cli.main(["run", "--help"])
    out = capsys.readouterr().out  # English as before, argparse's words too
    assert out.startswith("usage: gcm run") and "\noptions:\n" in out
    assert "report language (default: 'en'; one of 'en', 'fr')" in " ".join(out.split())


def test_refused_parameters_in_french(tmp_path, capsys, no_locale):
    code = cli.main(["run", "POR", "--lang", "fr", "--top-n", "99",
                     "--output", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == cli.EXIT_USAGE and list(tmp_path.iterdir()) == []
    assert err.startswith(
        f"erreur{NNBSP}: paramètres de l'analyse non valides{NNBSP}:\n")
    assert (f"paramètre «{NBSP}country{NBSP}»{NNBSP}: code de pays ISO3 inconnu 'POR'"
            in err)
    assert f"vouliez-vous dire PRT (Portugal) ou PRI (Porto Rico){NNBSP}?" in err
    assert f"valeurs admises{NNBSP}: un entier de 1 à 23" in err
    assert cli.main(["run", "POR", "--output", str(tmp_path)]) == cli.EXIT_USAGE
    assert ("error: invalid run parameters:\n  - parameter 'country': unknown ISO3 "
            "country code 'POR'") in capsys.readouterr().err
