"""Texts of the costing stage (notebook 03) in English and French, and the
helpers its tables and figures share."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import pandas as pd
from matplotlib import colormaps

from .. import numbers
from ..i18n import catalogue, t


def text(key: str, lang: str = "en", **values: object) -> str:
    """Return the costing stage's text ``key`` in ``lang``, placeholders filled
    (catalogue key ``costing.<key>``)."""
    return t(f"costing.{key}", lang, **values)


def colon(lang: str) -> str:
    """``": "``, with a narrow no-break space before the colon in French."""
    return "\u202f: " if lang == "fr" else ": "


def variable_name(variable: object, lang: str = "en") -> str:
    """A cost driver's variable (``unit cost``, ``quantity``) in ``lang``."""
    key = "costing.variable." + str(variable).replace(" ", "_")
    return t(key, lang) if key in catalogue(lang) else str(variable)


def amount(value: object, digits: int = 0, lang: str = "en") -> str:
    """A number for a costing table: grouped thousands, ``digits`` decimals, NA
    as an em dash (:func:`gcm_analysis.numbers.number`).

    Examples
    --------
    >>> amount(1234567.891), amount(1234.5, 1, "fr") == "1\u202f234,5", amount(None)
    ('1,234,568', True, '—')
    """
    return numbers.number(value, lang, digits)


_METHOD_WORDS = ("bottom-up", "top-down", "mixed", "not costed")


def method_text(method: object, lang: str = "en") -> str:
    """Return a costing-method label (``bottom-up``, ``mixed: ...``) in ``lang``."""
    missing = method is None or pd.isna(method)  # type: ignore[arg-type]
    shown = "" if missing else str(method)
    for english in _METHOD_WORDS:
        key = "costing.method." + english.replace(" ", "_").replace("-", "_")
        shown = shown.replace(english, t(key, lang))
    return shown


def _basis(price_basis: str, base_year: int, lang: str) -> str:
    return text(f"basis_{price_basis}", lang, base_year=base_year)


def _colours(n: int) -> list[tuple[float, float, float, float]]:
    cmap = colormaps["tab20"]
    return [cmap(i % 20) for i in range(n)]


def _label(objective_id: int, titles: Mapping[Any, str] | None, width: int = 28) -> str:
    title = titles.get(int(objective_id)) if titles is not None else None
    return f"{int(objective_id)}. {textwrap.shorten(str(title), width)}" if title else (
        str(int(objective_id)))


def _legend_label(objective_id: int, titles: Mapping[Any, str] | None,
                  width: int = 28) -> str:
    """An objective's legend entry: its whole title, wrapped at ``width``
    characters (a legend never cuts a name: "Inclusion and social […]").

    Examples
    --------
    >>> _legend_label(16, {16: "Inclusion and social cohesion of migrants"})
    '16. Inclusion and social\\ncohesion of migrants'
    """
    title = titles.get(int(objective_id)) if titles is not None else None
    if not title:
        return str(int(objective_id))
    return textwrap.fill(f"{int(objective_id)}. {title}", width,
                         break_long_words=False, break_on_hyphens=False)



def intro(facts: Mapping[str, object], country_name: str, lang: str = "en") -> str:
    """Return the title and the opening paragraph of the costing report (Markdown)."""
    title = text("title", lang, country_name=country_name)
    values = {k: facts[k] for k in ("n_interventions", "n_objectives", "first_year",
                                    "last_year", "currency", "base_year")}
    body = text("intro", lang, n_draws=amount(facts["n_draws"], lang=lang), **values)
    return f"# {title}\n\n{body}"


def headline(facts: Mapping[str, object], lang: str = "en") -> str:
    """Return the one-paragraph summary of the budget (Markdown)."""
    return text(
        "headline", lang, currency=facts["currency"], base_year=facts["base_year"],
        method=method_text(facts["method"], lang),
        **{key: amount(facts[key], lang=lang)
           for key in ("total", "nominal", "contingency", "support", "p10", "p50",
                       "p90")},
        position=f"{facts['total_percentile']:.0f}")


def plan_origin(origin: Mapping[str, object], lang: str = "en") -> str:
    """Return the sentence naming where the costed plan comes from.

    ``origin`` is the second value of ``costing_io.prepare_run_plan``.
    """
    objective_ids = origin.get("objective_ids", ())
    ids = ", ".join(str(i) for i in objective_ids)  # type: ignore[attr-defined]
    # only the file name: a report never shows a local path
    plan_file = PurePath(str(origin.get("plan_file") or "")).name
    return text(f"origin_{origin['kind']}", lang, plan_file=plan_file, ids=ids)


def heading(key: str, lang: str = "en", level: int = 2) -> str:
    """Return a Markdown heading for text ``key``."""
    return f"{'#' * level} {text(key, lang)}"
