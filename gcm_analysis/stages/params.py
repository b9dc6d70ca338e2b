"""Run parameters checked against the stages: the cross-parameter rules of each
stage (weights sum to 1, the envelope covers the must-include objectives, the peer
group exists for the country...) and the plan file, before any kernel starts.

The schema itself (names, types, ranges, defaults) is :mod:`gcm_analysis.parameters`;
these checks need the run settings and the validated plan, which the stage layer
owns, so they live here, above both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import funding, io, needs, reference, selection
from ..costing_io import estimate_indicative_costs
from ..errors import InputError, Lines, ParameterError, Text, as_errors, counted
from ..parameters import SPECS, _type_ok, check_values, defaults, type_problem
from ..plan import run_plan_problems
from . import load_plan, resolve_settings


def validate_parameters(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the full, checked parameter set (defaults filled in).

    Raises
    ------
    ParameterError
        Listing every problem: unknown names (with the closest known name), wrong
        types, values out of range, unknown ISO3 or currency codes, missing plan
        files, and cross-parameter rules (weights sum to 1, include/exclude
        disjoint, stage-specific rules).
    InputError
        When the parameters are valid but the plan file is not (or is another
        country's): every located problem, before any kernel starts.
    """
    import difflib

    problems: list[str | Text] = []
    params = defaults()
    for name, value in values.items():
        spec = SPECS.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, SPECS, n=1)
            problems.append(Text("cli.unknown_parameter_close", {
                "name": name, "close": close[0]}) if close
                else Text("cli.unknown_parameter", {"name": name}))
            continue
        ok, value = _type_ok(spec, value)
        if not ok:
            problems.append(type_problem(spec, value))
            continue
        params[name] = value
    if not problems:
        problems.extend(check_values(params))
    if problems:
        raise _invalid(problems)
    if params["plan_file"]:
        _refuse_bad_plan(params)
    problems.extend(_cross_checks(params))
    if problems:
        raise _invalid(problems)
    return params


def _invalid(problems: list[str | Text]) -> ParameterError:
    """The error listing the parameters' problems, one a line (in any language
    for those with a catalogue key)."""
    return ParameterError(text=Text("cli.invalid_parameters",
                                    {"lines": Lines(tuple(problems))}))


def _refuse_bad_plan(params: Mapping[str, Any]) -> None:
    """Raise ``InputError`` if the run's plan file has problems (the same checks
    ``gcm validate`` makes, plus country and currency), so that a broken plan is
    refused before any kernel starts and nothing is written.

    The plan is read through :func:`gcm_analysis.stages.load_plan`, which keeps
    it for the rest of the process: setting the run folder up does not read it
    again."""

    path = params["plan_file"]
    try:
        the_plan = load_plan(path)
    except InputError as exc:
        problems = list(exc.problems)
    else:
        problems = run_plan_problems(the_plan, path, params["country"],
                                     params["currency"])
        if params.get("strict"):  # --strict: every warning refuses the run
            problems = as_errors(list(the_plan.warnings)) + problems
    if problems:
        raise InputError(problems, counted("plan_file", len(problems), path=str(path)))


def _cross_checks(params: Mapping[str, Any]) -> list[str]:
    problems = _stage_checks(params)
    both = set(params["must_include"]) & set(params["must_exclude"])
    if both:
        problems.append(
            f"objectives {sorted(both)} are in both 'must_include' and 'must_exclude'"
        )
    return problems


def _stage_checks(params: Mapping[str, Any]) -> list[str]:
    """The stages' own cross-parameter rules (weights sum to 1, envelope at least
    the must-include cost, peer group available for the country...)."""

    mapping = io.read_reference("objective_indicators")
    problems = list(needs.check_needs_parameters(
        countries=reference.countries(), mapping=mapping,
        **{k: params[k] for k in ("country", "peer_group", "stakeholder_weight",
                                  "indicator_weights")}))

    settings, _ = resolve_settings(
        params["country"], params["run_id"], lang=params["lang"],
        plan_file=params["plan_file"], currency=params["currency"],
        base_year=params["base_year"], horizon_years=params["horizon_years"])
    costs = estimate_indicative_costs(io.read_processed("country_latest"),
                                      params["country"],
                                      horizon_years=settings.horizon_years)
    problems += selection.check_selection_parameters(
        indicative_costs=costs, area_objectives=reference.mptf_area_objectives(),
        **{k: params[k] for k in ("weight_need", "weight_priority",
                                  "weight_feasibility", "method", "top_n",
                                  "threshold", "budget_envelope_usd", "must_include",
                                  "must_exclude", "min_per_area", "n_robustness",
                                  "seed")})

    problems += funding.check_funding_parameters(
        **{k: params[k] for k in ("domestic_share", "shock_source_types",
                                  "shock_source_ids", "shock_share", "shock_year",
                                  "max_candidates")},
        base_year=settings.base_year, horizon_years=settings.horizon_years)
    return problems
