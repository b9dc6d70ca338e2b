"""Price basis: the reporting currency's price index and exchange rates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError, Problem, msg
from ..plan.specs import Plan


# ---------------------------------------------------------------- price basis
def compute_price_index(plan: Plan, first_year: int | None = None) -> pd.DataFrame:
    """Return the price index of the reporting currency, base year = 1.

    Parameters
    ----------
    plan : Plan
    first_year : int, optional
        Earliest year needed (the oldest price year); defaults to the earliest of
        the base year and the cost lines' price years.

    Returns
    -------
    DataFrame
        ``year, inflation_pct, price_index, source``, one row per year from
        ``first_year`` to the plan's last year (or the latest price year).
        ``inflation_pct`` of year t is the
        change from t-1 to t; ``source`` names the inflation_rates row or the
        default setting.
    """
    settings = plan.settings
    years_needed = [settings.base_year]
    if first_year is not None:
        years_needed.append(first_year)
    if len(plan.cost_lines):
        years_needed.append(int(plan.cost_lines["price_year"].min()))
    start = min(years_needed)
    end = settings.end_year
    if len(plan.cost_lines):  # a price year may lie after the horizon
        end = max(end, int(plan.cost_lines["price_year"].max()))
    years = np.arange(start, end + 1)
    given = plan.inflation_rates.dropna(subset=["year"]).drop_duplicates("year")
    rates = dict(zip(given["year"].astype(int), given["inflation_pct"].astype(float),
                     strict=True))
    sources = dict(zip(given["year"].astype(int), given["source"].astype(str),
                       strict=True))
    pct = np.array([rates.get(int(y), settings.inflation_pct) for y in years])
    growth = 1.0 + pct / 100.0
    # index(t) = prod_{s=base+1..t} growth(s) for t > base; 1 / prod_{s=t+1..base}
    # growth(s) for t < base (docs/assumptions.md#m01-inflation-and-exchange-rates).
    log_growth = np.log(growth)
    cumulative = np.cumsum(log_growth)
    base_pos = int(settings.base_year - start)
    index = np.exp(cumulative - cumulative[base_pos])
    source = [sources.get(int(y), "inflation_pct setting") for y in years]
    return pd.DataFrame({"year": years.astype(int), "inflation_pct": pct,
                         "price_index": index, "source": source})


def _exchange_rates_used(plan: Plan) -> pd.DataFrame:
    """Pick one dated rate per (currency, price year) of the cost lines.

    The rate dated nearest to 1 July of the price year wins (the middle of the
    year whose prices the unit cost is in); see
    docs/assumptions.md#m01-inflation-and-exchange-rates.
    """
    reporting = plan.settings.reporting_currency
    pairs = plan.cost_lines[["currency", "price_year"]].drop_duplicates()
    rates = plan.exchange_rates
    direct = rates.loc[rates["to_currency"] == reporting,
                       ["from_currency", "rate", "rate_date"]].rename(
        columns={"from_currency": "currency"})
    inverse = rates.loc[rates["from_currency"] == reporting,
                        ["to_currency", "rate", "rate_date"]].rename(
        columns={"to_currency": "currency"})
    inverse = inverse.assign(rate=1.0 / inverse["rate"].astype(float))
    candidates = pd.concat([direct.assign(order=0), inverse.assign(order=1)],
                           ignore_index=True)
    rows = []
    problems = []
    for currency, price_year in pairs.itertuples(index=False):
        if currency == reporting:
            rows.append((currency, int(price_year), 1.0, pd.NaT))
            continue
        found = candidates[candidates["currency"] == currency]
        if found.empty:
            problems.append(Problem.of(
                msg("no_rate", currency=currency, reporting=reporting),
                file=plan.source or "<plan>", sheet="exchange_rates",
                column="currency", value=currency,
                expected=msg("no_rate.expected", currency=currency,
                             reporting=reporting)))
            continue
        middle = pd.Timestamp(year=int(price_year), month=7, day=1)
        distance = (pd.to_datetime(found["rate_date"]) - middle).abs()
        best = found.assign(distance=distance).sort_values(
            ["distance", "rate_date", "order"]).iloc[0]
        rows.append((currency, int(price_year), float(best["rate"]),
                     pd.Timestamp(best["rate_date"])))
    if problems:
        raise InputError(problems, "the plan mixes currencies without exchange rates")
    return pd.DataFrame(rows, columns=["currency", "price_year", "fx_rate",
                                       "fx_rate_date"])


def with_reporting_currency(plan: Plan, currency: str) -> Plan:
    """Return the plan with another reporting currency, if its rates allow it.

    Parameters
    ----------
    plan : Plan
    currency : str
        ISO 4217 code, already checked against the currency list (the run's
        parameters are; :func:`gcm_analysis.costing_io.prepare_run_plan` and
        :func:`gcm_analysis.plan.check_run_plan` check it first); ``""`` keeps the
        plan's own reporting currency.

    Returns
    -------
    Plan
        The same plan with ``settings.reporting_currency`` changed. Inflation
        rates are kept (they then apply to amounts in the new currency; see
        docs/assumptions.md#m01-inflation-and-exchange-rates).

    Raises
    ------
    InputError
        If a currency of the cost lines has no dated rate to ``currency``.
    """
    if not currency or currency == plan.settings.reporting_currency:
        return plan
    changed = plan.with_settings(reporting_currency=currency)
    _exchange_rates_used(changed)
    return changed
