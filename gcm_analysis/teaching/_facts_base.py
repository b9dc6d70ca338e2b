"""The registry of lesson facts and how they are written (see :mod:`.facts`)."""

from __future__ import annotations

from collections.abc import Callable

from .. import reference
from . import data
from ._format import format_amount, format_number, french_typography

_FACTS: dict[str, Callable[[str], str]] = {}


def _fact(*names: str) -> Callable[[Callable[[str], str]], Callable[[str], str]]:
    def register(function: Callable[[str], str]) -> Callable[[str], str]:
        for name in names or (function.__name__.lstrip("_"),):
            _FACTS[name] = function
        return function
    return register


def fact(name: str, lang: str = "en") -> str:
    """Return the fact ``name`` formatted in ``lang`` (KeyError if unknown); French
    with French typography (:func:`french_typography`)."""
    if name not in _FACTS:
        raise KeyError(f"no teaching fact {name!r}")
    value = _FACTS[name](lang)
    return french_typography(value) if lang == "fr" else value


def fact_names() -> list[str]:
    """Every fact name (tests check each text's placeholders against them)."""
    return sorted(_FACTS)


def _plan():  # type: ignore[no-untyped-def]
    return data.read_teaching_plan()


def _money(value: float, lang: str) -> str:
    return format_amount(value, _plan().settings.reporting_currency, lang)


def _num(value: float, lang: str, digits: int = 0) -> str:
    return format_number(value, digits, lang)


def _pct(value: float, lang: str) -> str:
    """A percentage number without the sign, e.g. ``2.5`` / ``2,5``."""
    shown = f"{value:g}"
    return shown.replace(".", ",") if lang == "fr" else shown


def _decimal(value: float, lang: str, digits: int = 3) -> str:
    shown = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return shown.replace(".", ",") if lang == "fr" else shown


def _step(step_id: int, column: str) -> str:
    steps = reference.budgeting_steps().set_index("step_id")
    return str(steps.at[step_id, column]).rstrip(".")


def _objective_title(objective_id: int, lang: str) -> str:
    return str(reference.objective_titles(lang, short=True)[int(objective_id)])
