"""The typed run parameters: one schema for validation, the CLI and the notebooks.

Every parameter a notebook's ``parameters`` cell declares is listed in
:data:`SCHEMA` (a test checks that each notebook agrees with it). The runner
validates a whole parameter set with
:func:`gcm_analysis.stages.params.validate_parameters` *before* any kernel starts
(this schema's checks, then the stages' cross-parameter rules and the plan file);
each problem names the parameter, the value found and what is allowed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .errors import ByLang, Text

Check = Callable[[Any], "str | Text | None"]


@dataclass(frozen=True)
class ParamSpec:
    """One run parameter: its type, default, help text and allowed values."""

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    cli: bool = True
    check: Check | None = None
    item_type: type = int  # element type of a list parameter

    def allowed(self) -> str:
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.minimum is not None or self.maximum is not None:
            low = "-inf" if self.minimum is None else f"{self.minimum:g}"
            high = "inf" if self.maximum is None else f"{self.maximum:g}"
            return f"a {self.type.__name__} from {low} to {high}"
        return f"a {self.type.__name__}"

    def allowed_in(self, lang: str) -> str:
        """:meth:`allowed` in ``lang`` (catalogue ``cli.help.*``)."""
        if lang == "en":
            return self.allowed()
        from .termtext import say

        kind = say(f"help.type.{self.type.__name__}", lang)
        if self.choices is not None:
            return say("help.one_of", lang,
                       choices=", ".join(repr(c) for c in self.choices))
        if self.minimum is not None or self.maximum is not None:
            low = "-inf" if self.minimum is None else f"{self.minimum:g}"
            high = "inf" if self.maximum is None else f"{self.maximum:g}"
            return say("help.range", lang, kind=kind, low=low, high=high)
        return kind

    def allowed_words(self) -> ByLang:
        """What the parameter accepts, in English and French (for a message)."""
        return ByLang((("en", self.allowed()), ("fr", self.allowed_in("fr"))))


def _check_country(value: Any) -> str | Text | None:
    from . import reference  # deferred: reference reads processed data
    from .errors import GcmError

    try:
        reference.check_iso3(value)
    except GcmError as exc:  # the message is what we report, in any language
        return exc.text if isinstance(exc.text, Text) else str(exc)
    except Exception as exc:  # noqa: BLE001 - the message is what we report
        return str(exc)
    return None


def _check_base_year(value: Any) -> str | None:
    if value == 0 or 2000 <= value <= 2100:
        return None
    return "use 0 (the year after the run date) or a year from 2000 to 2100"


def _check_currency(value: Any) -> str | Text | None:
    if value == "":
        return None
    from . import reference
    from .errors import GcmError

    try:
        reference.check_currency(value)
    except GcmError as exc:  # the message is what we report, in any language
        return exc.text if isinstance(exc.text, Text) else str(exc)
    except Exception as exc:  # noqa: BLE001
        return str(exc)
    return None


def _check_run_id(value: Any) -> str | None:
    try:
        paths.check_run_id(value)
    except ValueError as exc:
        return str(exc)
    return None


def _check_plan_file(value: Any) -> str | None:
    if value == "":
        return None
    path = Path(value)
    if not path.exists():
        return f"plan file {value!r} does not exist"
    if path.is_dir() or path.suffix.lower() in (".xlsx", ".xlsm"):
        return None
    return f"plan file {value!r} must be an .xlsx workbook or a folder of CSV files"


def _check_objective_list(value: Any) -> str | None:
    bad = [v for v in value if not isinstance(v, int) or isinstance(v, bool)
           or not 1 <= v <= 23]
    if bad:
        return f"objective ids must be whole numbers from 1 to 23; found {bad!r}"
    return None


def _check_indicator_weights(value: Any) -> str | None:
    bad = {k: v for k, v in value.items()
           if isinstance(v, bool) or not isinstance(v, int | float)
           or not 0 <= v <= 10}
    if bad:
        return f"multipliers must be numbers from 0 to 10; found {bad!r}"
    return None


def _check_sha256(value: Any) -> str | None:
    if value == "" or (len(value) == 64
                       and all(c in "0123456789abcdef" for c in value)):
        return None
    return "expected 64 lower-case hexadecimal digits"


def default_run_id() -> str:
    """A sortable, safe run id from the current UTC time, e.g. ``20261128T204612Z``."""
    return _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%SZ")


SCHEMA: tuple[ParamSpec, ...] = (
    ParamSpec("country", str, "PRT", "ISO3 code of the country (e.g. PRT, KEN)",
              check=_check_country),
    ParamSpec("run_id", str, "dev", "folder name of the run under outputs/<ISO3>/",
              check=_check_run_id),
    ParamSpec("output_root", str, "", "root folder of the outputs ('' = outputs/)",
              cli=False),
    ParamSpec("lang", str, "en", "report language", choices=("en", "fr")),
    ParamSpec("currency", str, "", "ISO 4217 reporting currency ('' = the plan's own; "
              "USD for a starter plan; another code converts the plan)",
              check=_check_currency),
    ParamSpec("base_year", int, 0, "first year of a starter plan (0 = the year after "
              "the run date; a plan file sets its own)", minimum=0, maximum=2100,
              check=_check_base_year),
    ParamSpec("horizon_years", int, 0, "number of years of a starter plan (0 = 3; a "
              "plan file sets its own)", minimum=0, maximum=15),
    ParamSpec("plan_file", str, "", "the country's plan (.xlsx or CSV folder); '' = "
              "starter plan", check=_check_plan_file),
    ParamSpec("peer_group", str, "region", "peers for the needs scores",
              choices=("world", "region", "income_group")),
    ParamSpec("stakeholder_weight", float, 0.0,
              "weight of the plan's stakeholder scores in the need score",
              minimum=0.0, maximum=1.0),
    ParamSpec("weight_need", float, 0.5, "selection weight of need",
              minimum=0.0, maximum=1.0),
    ParamSpec("weight_priority", float, 0.3, "selection weight of stakeholder priority",
              minimum=0.0, maximum=1.0),
    ParamSpec("weight_feasibility", float, 0.2, "selection weight of feasibility",
              minimum=0.0, maximum=1.0),
    ParamSpec("indicator_weights", dict, {},
              "multipliers of the mapped indicator weights, by indicator name (01; "
              "0 drops an indicator)", check=_check_indicator_weights),
    ParamSpec("threshold", float, 50.0,
              "lowest priority score selected with method threshold",
              minimum=0.0, maximum=100.0),
    ParamSpec("min_per_area", int, 0,
              "our optional coverage rule, not the UN guidance's: objectives required "
              "in each MPTF thematic area (0 = off: need first)",
              minimum=0, maximum=23),
    ParamSpec("method", str, "budget", "how objectives are selected",
              choices=("top_n", "threshold", "budget")),
    ParamSpec("top_n", int, 8, "objectives to select with method top_n",
              minimum=1, maximum=23),
    ParamSpec("budget_envelope_usd", float, 0.0,
              "budget envelope for method budget (0 = none)", minimum=0.0),
    ParamSpec("must_include", list, [], "objective ids that must be selected",
              check=_check_objective_list),
    ParamSpec("must_exclude", list, [], "objective ids that must not be selected",
              check=_check_objective_list),
    ParamSpec("seed", int, 2018, "random seed (Monte Carlo, robustness)",
              minimum=0, maximum=2**32 - 1),
    ParamSpec("n_robustness", int, 500, "weight perturbations for robustness",
              minimum=10, maximum=100_000),
    ParamSpec("n_draws", int, 2000, "Monte Carlo draws for the cost range",
              minimum=100, maximum=200_000),
    ParamSpec("contingency_pct", float, 10.0, "contingency, % of base cost",
              minimum=0.0, maximum=100.0),
    ParamSpec("domestic_share", float, 0.4,
              "starter funding: share of cost the national budget covers "
              "(illustrative)",
              minimum=0.0, maximum=1.0),
    ParamSpec("shock_source_types", list, [],
              "crisis test: funding source types cut (codes; empty = largest type)",
              item_type=str),
    ParamSpec("shock_source_ids", list, [],
              "crisis test: funding source ids cut (from the funding sheet)",
              item_type=str),
    ParamSpec("shock_share", float, 0.5, "crisis test: share of the sources cut",
              minimum=0.0, maximum=1.0),
    ParamSpec("shock_year", int, 0,
              "crisis test: year of the cut (0 = first plan year)", minimum=0,
              maximum=2100),
    ParamSpec("max_candidates", int, 3,
              "candidate sources listed per gap in the mobilisation plan",
              minimum=1, maximum=12),
    ParamSpec("interactive", bool, False, "show ipywidgets (JupyterLab only)",
              cli=False),
    ParamSpec("params_file", str, "",
              "the parameters file the values came from (recorded; '' = none)",
              cli=False),
    ParamSpec("params_file_sha256", str, "",
              "SHA-256 of the parameters file (recorded)", cli=False,
              check=_check_sha256),
    ParamSpec("strict", bool, False, "refuse a plan file with warnings (unused "
              "columns or sheets, hidden rows, far-away dates) as if they were "
              "errors"),
)

SPECS: dict[str, ParamSpec] = {spec.name: spec for spec in SCHEMA}


def defaults() -> dict[str, Any]:
    """Return every parameter's default (lists copied)."""
    import copy

    return {s.name: copy.deepcopy(s.default) for s in SCHEMA}


def _type_ok(spec: ParamSpec, value: Any) -> tuple[bool, Any]:
    if spec.type is float and isinstance(value, int) and not isinstance(value, bool):
        return True, float(value)
    if spec.type is int and isinstance(value, bool):
        return False, value
    return isinstance(value, spec.type), value


def _range_problem(spec: ParamSpec, value: Any) -> Text | None:
    bad = Text("cli.param_not_allowed", {"name": spec.name, "value": repr(value),
                                         "allowed": spec.allowed_words()})
    if spec.choices is not None and value not in spec.choices:
        return bad
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            return bad
        low_bad = spec.minimum is not None and value < spec.minimum
        if low_bad or (spec.maximum is not None and value > spec.maximum):
            return bad
    return None


def type_problem(spec: ParamSpec, value: Any) -> Text:
    """The problem of a value of the wrong type for ``spec``."""
    return Text("cli.param_type", {"name": spec.name, "allowed": spec.allowed_words(),
                                   "type": type(value).__name__, "value": repr(value)})


def check_values(values: Mapping[str, Any]) -> list[str | Text]:
    """Return the problems of some parameters' values: range, choices and each
    parameter's own check (types are assumed right; see
    :func:`gcm_analysis.stages.params.validate_parameters`)."""
    problems: list[str | Text] = []
    for name, value in values.items():
        spec = SPECS[name]
        ok, value = _type_ok(spec, value)
        if not ok:
            problems.append(type_problem(spec, value))
            continue
        problem: str | Text | None = _range_problem(spec, value)
        if problem is None and spec.check is not None:
            detail = spec.check(value)
            problem = Text("cli.param_detail", {"name": spec.name, "detail": detail}) \
                if detail else None
        if problem:
            problems.append(problem)
    return problems


def notebook_parameters(declared: Mapping[str, Any], params: Mapping[str, Any]
                        ) -> dict[str, Any]:
    """Return the subset of ``params`` that a notebook declares in its parameters
    cell."""
    return {name: params[name] for name in declared if name in params}
