"""Parameters files: the typed run parameters (:mod:`gcm_analysis.parameters`)
written as TOML, read by ``gcm run --params FILE``, ``gcm batch --params FILE``
and the stage notebooks (their ``params_file`` parameter), and written by the
JupyterLab explorers ("save these choices").

A file is flat: one key per parameter, with the schema's names and types::

    # GCM Workbook parameters
    peer_group = "income_group"
    weight_need = 0.6
    weight_priority = 0.25
    weight_feasibility = 0.15

    [indicator_weights]
    remittances_received_pct_gdp = 2.0

Unknown keys, wrong types and values out of range are refused with the file's
name, the key and what is allowed (with the closest known name for a typo).
Explicit command-line options win over the file; a run records the file's name
and SHA-256 (parameters ``params_file`` and ``params_file_sha256``) next to the
effective values in ``run.json``.
"""

from __future__ import annotations

import difflib
import hashlib
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .errors import ParameterError
from .parameters import SPECS, check_values

#: Parameters a file may not set: where outputs go, whether widgets show, and the
#: record of the file itself.
NOT_IN_FILE = frozenset({"output_root", "interactive", "params_file",
                         "params_file_sha256"})

#: What a batch sets per country: a batch refuses a file that sets them.
PER_COUNTRY = frozenset({"country", "run_id", "plan_file"})

HEADER = ("# GCM Workbook run parameters (TOML). Use with: gcm run ISO3 --params "
          "FILE,\n# gcm batch --params FILE, or a notebook's params_file "
          "parameter.\n# Options given on the command line win over this file.\n")


def file_keys() -> list[str]:
    """The parameter names a parameters file may set."""
    return [name for name in SPECS if name not in NOT_IN_FILE]


def _typed(name: str, value: Any, where: str) -> tuple[Any, str | None]:
    """``value`` converted to the schema's type, or a problem naming ``where``."""
    spec = SPECS[name]
    if spec.type is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value), None
    if spec.type is int and isinstance(value, bool):
        return value, f"{where}: '{name}' must be {spec.allowed()}; found {value!r}"
    if not isinstance(value, spec.type):
        return value, (f"{where}: '{name}' must be {spec.allowed()}; found "
                       f"{type(value).__name__} {value!r}")
    item_type: type = spec.item_type
    if isinstance(value, list):
        bad = [v for v in value if not isinstance(v, item_type)
               or isinstance(v, bool)]
        if bad:
            return value, (f"{where}: '{name}' must be a list of "
                           f"{item_type.__name__}; found {bad!r}")
    if isinstance(value, dict):
        bad_items = {k: v for k, v in value.items()
                     if isinstance(v, bool) or not isinstance(v, int | float)}
        if bad_items:
            return value, (f"{where}: '{name}' must map names to numbers; found "
                           f"{bad_items!r}")
        value = {str(k): float(v) for k, v in value.items()}
    return value, None


def check_file_values(values: Mapping[str, Any], where: str,
                      refuse: Iterable[str] = ()) -> dict[str, Any]:
    """Return ``values`` typed as the schema says, or raise ``ParameterError``
    listing every problem, each naming ``where`` (the file) and the key."""
    refused = set(refuse)
    problems: list[str] = []
    typed: dict[str, Any] = {}
    allowed = file_keys()
    for name, value in values.items():
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else (
                "; a file cannot set it" if name in SPECS else "")
            problems.append(f"{where}: unknown key '{name}'{hint}")
            continue
        if name in refused:
            problems.append(f"{where}: '{name}' is set per country by the batch; "
                            "remove it from the file")
            continue
        typed[name], problem = _typed(name, value, where)
        if problem:
            problems.append(problem)
    if not problems:
        problems = [f"{where}: {p}" for p in check_values(typed)]
    if problems:
        raise ParameterError("invalid parameters file:\n"
                             + "\n".join(f"  - {p}" for p in problems))
    return typed


def read_params_file(path: str | Path, refuse: Iterable[str] = ()
                     ) -> dict[str, Any]:
    """Read and check a parameters file (its own values only, no defaults).

    Parameters
    ----------
    path : str or Path
        A TOML file written by :func:`write_params_file` or by hand.
    refuse : iterable of str
        Keys the caller sets itself (a batch: country, run id, plan).

    Raises
    ------
    ParameterError
        When the file is missing, is not TOML, or has an unknown key (with the
        closest known name), a wrong type or a value out of range.
    """
    source = Path(path)
    if not source.is_file():
        raise ParameterError(f"parameters file {source}: not found")
    try:
        values = tomllib.loads(source.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ParameterError(f"parameters file {source}: not valid TOML: {exc}"
                             ) from exc
    return check_file_values(values, f"parameters file {source.name}", refuse)


def sha256(path: str | Path) -> str:
    """SHA-256 of a parameters file's bytes (recorded by the run)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def with_file(values: Mapping[str, Any], path: str | Path | None,
              refuse: Iterable[str] = ()) -> dict[str, Any]:
    """The parameters of a run: the file's values, overridden by ``values`` (the
    options given explicitly), plus the file's name and SHA-256 for the record.
    Without a file, ``values`` unchanged."""
    if not path:
        return dict(values)
    from_file = read_params_file(path, refuse)
    return {**from_file, **values, "params_file": Path(path).name,
            "params_file_sha256": sha256(path)}


def render_params(values: Mapping[str, Any]) -> str:
    """The TOML text of ``values`` (checked), keys in the schema's order."""
    import tomli_w

    typed = check_file_values(values, "parameters to write")
    ordered = {name: typed[name] for name in SPECS if name in typed}
    return HEADER + "\n" + tomli_w.dumps(ordered)


def write_params_file(path: str | Path, values: Mapping[str, Any],
                      update: bool = True) -> Path:
    """Write ``values`` to a parameters file, atomically.

    With ``update`` (the explorers' "save these choices"), the values of an
    existing file are kept unless ``values`` sets them, so choices saved from
    the needs and the selection explorers end up in one file."""
    from .io import write_text_atomic

    target = Path(path)
    merged = dict(read_params_file(target)) if update and target.exists() else {}
    merged.update(values)
    return write_text_atomic(target, render_params(merged))


def stage_values(params_file: str, given: Mapping[str, Any],
                 stage_params: Iterable[str]) -> dict[str, Any]:
    """A notebook's stage parameters with its ``params_file`` applied: the
    file's values for this stage's parameters replace the cell's (the file was
    chosen on purpose); other keys of the file are for other stages."""
    if not params_file:
        return dict(given)
    from_file = read_params_file(params_file)
    wanted = set(stage_params)
    return {**given, **{k: v for k, v in from_file.items() if k in wanted}}
