"""One currency for the batch index's money charts.

Each country's amounts are in its own plan's currency at constant prices of its
plan's base year (``headline.json``: ``currency``, ``price_year``). To compare
them, the index converts each into one common currency with a dated rate *the
run itself recorded*: the plan's ``exchange_rates`` sheet, which the run copies
to ``plan/exchange_rates.csv`` (``from_currency, to_currency, rate, rate_date,
source``; 1 ``from`` = ``rate`` ``to``). :func:`recorded_rates` reads it into the
headline the batch keeps (``exchange_rates``); nothing is looked up elsewhere, so
a country whose plan has no rate to the common currency is not converted (the
page shows it in a panel of its own currency and says so).

Which rate: the one dated nearest to 1 July of the run's price year, a direct
rate before an inverse one on a tie. This is GCM Workbook's own rule, the one
the costing uses for unit costs (docs/assumptions.md#m01-inflation-and-exchange-rates),
not a rule of the UN guidance. Price years are not changed: a converted amount
stays at its plan's base-year prices.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The columns of a recorded rate (the plan's ``exchange_rates`` sheet).
RATE_KEYS = ("from_currency", "to_currency", "rate", "rate_date", "source")


@dataclass(frozen=True)
class Conversion:
    """How one run's amounts become the common currency: ``factor`` (units of
    ``target`` per unit of ``currency``) and the rate it comes from, as the plan
    wrote it (none when the run is already in ``target``)."""

    currency: str
    target: str
    factor: float
    rate: Mapping[str, Any] | None = None

    @property
    def is_identity(self) -> bool:
        return self.rate is None


def recorded_rates(run_dir: Path) -> list[dict[str, Any]]:
    """The dated exchange rates a run recorded (its plan's ``exchange_rates``
    sheet, ``plan/exchange_rates.csv``): a list of :data:`RATE_KEYS` dicts, empty
    when the run has none (a starter plan in one currency)."""
    import csv

    path = run_dir / "plan" / "exchange_rates.csv"
    if not path.exists():
        return []
    rates = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                rate = float(row.get("rate") or "nan")
            except ValueError:
                continue
            if not math.isfinite(rate) or rate <= 0:
                continue
            rates.append({"from_currency": str(row.get("from_currency") or ""),
                          "to_currency": str(row.get("to_currency") or ""),
                          "rate": rate,
                          "rate_date": str(row.get("rate_date") or "")[:10],
                          "source": str(row.get("source") or "")})
    return rates


def conversion(headline: Mapping[str, Any], target: str) -> Conversion | None:
    """The conversion of a run's amounts into ``target``, or None when its
    recorded rates have none between its currency and ``target`` (see the
    module's docstring for the rule)."""
    currency = str(headline.get("currency") or "")
    if not currency:
        return None
    if currency == target:
        return Conversion(currency, target, 1.0)
    year = headline.get("price_year")
    middle = dt.date(int(year), 7, 1) if isinstance(year, int | float) \
        and not isinstance(year, bool) and math.isfinite(year) else None
    found = []
    for rate in headline.get("exchange_rates") or []:
        pair = (rate.get("from_currency"), rate.get("to_currency"))
        value = rate.get("rate")
        if pair not in ((currency, target), (target, currency)) \
                or not isinstance(value, int | float) or value <= 0:
            continue
        try:
            when = dt.date.fromisoformat(str(rate.get("rate_date"))[:10])
        except ValueError:
            continue
        distance = abs((when - middle).days) if middle else 0
        direct = pair == (currency, target)
        factor = float(value) if direct else 1.0 / float(value)
        found.append((distance, when, 0 if direct else 1, factor, rate))
    if not found:
        return None
    best = min(found, key=lambda item: item[:3])
    return Conversion(currency, target, best[3], dict(best[4]))


def common_currency(headlines: Iterable[Mapping[str, Any]]) -> str:
    """The currency the money charts use: among the runs' own currencies and
    those of their recorded rates, the one most runs can be shown in (in it
    already or through a recorded rate), then the most common own currency, then
    USD, then alphabetical; USD when there is no run."""
    headlines = [h for h in headlines if h.get("currency")]
    own = Counter(str(h["currency"]) for h in headlines)
    if not own:
        return "USD"
    candidates = set(own) | {str(rate.get(key)) for h in headlines
                             for rate in h.get("exchange_rates") or []
                             for key in ("from_currency", "to_currency")
                             if rate.get(key)}

    def reach(currency: str) -> int:
        return sum(conversion(h, currency) is not None for h in headlines)

    return min(candidates, key=lambda c: (-reach(c), -own[c], c != "USD", c))
