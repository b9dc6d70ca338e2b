"""Hostile run parameters: each is refused before any kernel, nothing is written.

The same parameter schema serves the CLI, the runner and the notebooks
(``gcm_analysis.parameters``); every refusal names the parameter, the value
found and what is allowed. Plan-file problems found by the parameter check are
an ``InputError`` with the plan's located problems (exit code 3), the others a
``ParameterError`` (exit code 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gcm_analysis import cli, paths
from gcm_analysis.errors import InputError, ParameterError
from gcm_analysis.runner import run_country

from .builders import EXAMPLE

#: id, parameters (country PRT unless given), error, fragment of the message
PARAMETER_CASES = [
    ("run_id_parent_folder", {"run_id": "../../etc"}, ParameterError, "run id"),
    ("run_id_absolute_path", {"run_id": "/tmp/evil"}, ParameterError, "run id"),
    ("run_id_nested_path", {"run_id": "a/b"}, ParameterError, "run id"),
    ("run_id_dot_dot", {"run_id": ".."}, ParameterError, "run id"),
    ("run_id_nul_byte", {"run_id": "a\x00b"}, ParameterError, "run id"),
    ("run_id_too_long", {"run_id": "r" * 65}, ParameterError, "run id"),
    ("run_id_not_text", {"run_id": 7}, ParameterError, "'run_id' must be a str"),
    ("country_path", {"country": "../PRT"}, ParameterError, "country"),
    ("country_lower_case", {"country": "prt"}, ParameterError, "country"),
    ("country_unknown", {"country": "POR"}, ParameterError, "did you mean PRT"),
    ("language_path", {"lang": "../../etc/passwd"}, ParameterError, "'lang'"),
    ("unknown_parameter", {"output_dir": "/etc"}, ParameterError,
     "unknown parameter 'output_dir'"),
    ("plan_file_missing", {"plan_file": "/no/such/plan.xlsx"}, ParameterError,
     "does not exist"),
    ("plan_file_system_file", {"plan_file": "/etc/hostname"}, ParameterError,
     "must be an .xlsx"),
    ("plan_file_device", {"plan_file": "/dev/zero"}, ParameterError,
     "must be an .xlsx"),
    ("plan_for_another_country", {"country": "KEN", "plan_file": str(EXAMPLE)},
     InputError, "the plan is for another country"),
    ("currency_without_rate_in_plan", {"currency": "JPY", "plan_file": str(EXAMPLE)},
     InputError, "no dated exchange rate between EUR and the reporting currency JPY"),
    ("currency_unknown", {"currency": "XYZ"}, ParameterError, "currency"),
    ("share_given_as_percent", {"domestic_share": 40.0}, ParameterError,
     "'domestic_share' is 40.0; allowed: a float from 0 to 1"),
    ("shock_share_as_percent", {"shock_share": 50}, ParameterError, "shock_share"),
    ("percent_over_100", {"contingency_pct": 150.0}, ParameterError,
     "contingency_pct"),
    ("weight_not_a_number", {"weight_need": float("nan")}, ParameterError,
     "weight_need"),
    ("envelope_infinite", {"budget_envelope_usd": float("inf")}, ParameterError,
     "budget_envelope_usd"),
    ("draws_absurd", {"n_draws": 10**9}, ParameterError, "n_draws"),
    ("seed_negative", {"seed": -1}, ParameterError, "seed"),
    ("horizon_boolean", {"horizon_years": True}, ParameterError, "horizon_years"),
    ("year_as_text", {"base_year": "2025"}, ParameterError, "base_year"),
    ("objectives_outside_1_23", {"must_include": [0, 24]}, ParameterError,
     "1 to 23"),
]


@pytest.mark.parametrize(("values", "error", "fragment"),
                         [c[1:] for c in PARAMETER_CASES],
                         ids=[c[0] for c in PARAMETER_CASES])
def test_hostile_parameter_is_refused_before_any_kernel(tmp_path, values, error,
                                                        fragment):
    out = tmp_path / "outputs"
    with pytest.raises(error) as refused:
        run_country({"country": "PRT", "run_id": "p", **values}, output_root=out)
    assert fragment in str(refused.value)
    assert not out.exists()
    assert not (paths.OUTPUTS_DIR / "PRT" / "p").exists()


def test_a_plan_with_funding_in_another_currency_than_the_run_is_refused(tmp_path):
    from .builders import csv_plan

    funded = csv_plan(tmp_path, funding=True)
    with pytest.raises(InputError, match="the funding is in the plan's reporting "
                       "currency EUR") as refused:
        run_country({"country": "PRT", "currency": "USD", "plan_file": str(funded)},
                    output_root=tmp_path / "out")
    assert refused.value.problems[0].sheet == "funding"
    assert not (tmp_path / "out").exists()
    run_country({"country": "PRT", "currency": "EUR", "plan_file": str(funded)},
                output_root=tmp_path / "out", stages=())  # accepted in EUR


def test_a_folder_without_plan_is_refused_with_a_located_problem(tmp_path):
    empty = tmp_path / "plan"
    empty.mkdir()
    with pytest.raises(InputError, match="holds no CSV file"):
        run_country({"country": "PRT", "plan_file": str(empty)},
                    output_root=tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("argv", "code"), [
    (["run", "PRT", "--run-id", "../../x"], cli.EXIT_USAGE),
    (["run", "prt"], cli.EXIT_USAGE),
    (["run", "PRT", "--domestic-share", "40"], cli.EXIT_USAGE),
    (["run", "PRT", "--plan", str(EXAMPLE), "--currency", "JPY"], cli.EXIT_INPUT),
    (["run", "KEN", "--plan", str(EXAMPLE)], cli.EXIT_INPUT),
    (["batch", "--countries", "PRT", "--batch-id", "../x"], cli.EXIT_USAGE),
])
def test_cli_refuses_hostile_parameters_with_an_exit_code_and_no_traceback(
        tmp_path, capsys, argv, code):
    out = tmp_path / "outputs"
    assert cli.main([*argv, "--output", str(out)]) == code
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*"))


@pytest.mark.parametrize("value", [
    'x"; import os; os.system("touch /tmp/gcm-pwned") #',
    "x'\nimport os\n'",
    "\\\"; raise SystemExit #",
    "{__import__('os').getpid()}",
])
def test_parameter_text_reaches_a_notebook_as_text_never_as_code(value):
    """papermill writes parameters as Python literals; a hostile string (e.g. a
    funding source id) must arrive unchanged, as data."""
    from papermill.translators import translate_parameters

    code = translate_parameters("python", "python", {"shock_source_ids": [value],
                                                     "plan_file": value}, "")
    namespace: dict[str, object] = {}
    exec(compile(code, "<injected-parameters>", "exec"), {}, namespace)  # noqa: S102
    assert namespace == {"shock_source_ids": [value], "plan_file": value}
    assert not Path("/tmp/gcm-pwned").exists()
