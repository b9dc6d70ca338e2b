"""Constants, tolerances and report texts shared by the funding modules."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np

from .. import funding_sheets as sheets

#: Columns a costs table must have (one row per cost, any grain finer than a cell).
COST_COLUMNS: tuple[str, ...] = (
    "intervention_id", "objective_id", "year", "ministry", "is_essential", "amount",
    "currency", "price_year",
)
#: Optional cost columns used when present.
OPTIONAL_COST_COLUMNS: tuple[str, ...] = ("priority_rank", "intervention_name")
#: Keys of an allocation cell.
CELL_KEYS: tuple[str, ...] = ("intervention_id", "objective_id", "ministry", "year")
#: Allocation steps, in the order they run.
STEPS: tuple[str, ...] = ("intervention_earmark", "objective_earmark", "unearmarked")
#: Money columns of the gap table; all share the row's ``currency``/``price_year``.
GAP_MONEY_COLUMNS: tuple[str, ...] = (
    "cost_amount", "secured_amount", "pledged_amount", "pipeline_amount",
    "to_be_mobilised_amount", "funded_amount", "gap_amount", "expected_funded_amount",
    "risk_adjusted_gap_amount",
)
#: Crisis outcomes of an intervention, from best to worst.
CRISIS_OUTCOMES: tuple[str, ...] = (
    "reinforced", "unchanged", "reduced", "delayed", "dropped",
)

#: Smallest risk-adjusted gap (in currency units) that enters the mobilisation
#: plan: below one unit of currency a gap is rounding, not a need.
MIN_PLAN_GAP = 1.0

# Relative tolerance of money comparisons: float sums of millions are exact to
# about 1e-16 relative; 1e-9 leaves room for thousands of additions.
_RELATIVE_TOLERANCE = 1e-9


def _tolerance(amounts: Iterable[float]) -> float:
    total = float(np.nansum(np.abs(np.asarray(list(amounts), dtype=float))))
    return _RELATIVE_TOLERANCE * max(1.0, total)


# ---------------------------------------------------------------------- labels
def label(key: str, lang: str = "en", **values: Any) -> str:
    """Return a stage-04 report text from ``funding_labels.csv`` in ``lang``.

    Parameters
    ----------
    key : str
        Label key, e.g. ``"heading.gaps"``.
    lang : {"en", "fr"}
        Report language.
    **values
        Values for ``{placeholders}`` in the text.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        If the key is not in the table.
    """
    texts = _labels(lang, sheets.labels_version())
    if key not in texts:
        raise KeyError(f"label {key!r} is missing from funding_labels.csv")
    text = texts[key]
    return text.format(**values) if values else text


@lru_cache(maxsize=8)
def _labels(lang: str, version: int) -> dict[str, str]:
    """The label texts of one language (``version`` invalidates the cache)."""
    table = sheets.read_labels()
    column = "text_fr" if lang == "fr" else "text_en"
    return dict(zip(table["label_key"], table[column].astype(str), strict=True))


def format_money(amount: float, currency: str, lang: str = "en") -> str:
    """Return an amount as report text: ``USD 1.2 million`` / ``1,2 million USD``.

    Examples
    --------
    >>> format_money(1_234_567, "USD")
    'USD 1.2 million'
    >>> format_money(45_000, "EUR", "fr")
    '45 000 EUR'
    """
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "—"
    value = float(amount)
    if abs(value) >= 1e9:
        number, unit = f"{value / 1e9:,.1f}", {"en": " billion", "fr": " milliard(s)"}
    elif abs(value) >= 1e6:
        number, unit = f"{value / 1e6:,.1f}", {"en": " million", "fr": " million(s)"}
    else:
        number, unit = f"{value:,.0f}", {"en": "", "fr": ""}
    if lang == "fr":
        number = number.replace(",", "\u202f").replace(".", ",").replace("\u202f", " ")
        return f"{number}{unit['fr']} {currency}"
    return f"{currency} {number}{unit['en']}"


def _fact_status(text: str) -> str:
    """The weakest fact marker found in a text: unverified, partial or verified."""
    if "[U]" in text:
        return "unverified"
    if "[P]" in text:
        return "partial"
    return "verified" if "[V]" in text else "unverified"
