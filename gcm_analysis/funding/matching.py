"""Who can fund what: eligibility first, then fit, per intervention with a gap.

Rules live in ``data/reference/funding_source_rules.csv`` (one row per rule, each
with its source, ``is_our_rule`` and a ``status``); the country's UN Resident
Coordinator presence and ODA eligibility come from :func:`country_funding_profile`
(a documented proxy plus a named exception list, flagged unverified). Nothing here
reads a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import numbers
from ..i18n import group_name, reference_text
from ._common import (
    MIN_PLAN_GAP,
    FundingReference,
    _fact_status,
    _tolerance,
    format_money,
    label,
    source_type_names,
)

#: Indicators a rule may test, and the unit used to write their value.
FIGURE_UNITS: dict[str, str] = {
    "emigrants": "persons", "emigrants_pct_population": "%",
    "remittances_received_usd": "USD", "remittances_received_pct_gdp": "%",
    "refugees_asylum_seekers_hosted": "persons",
    "refugees_asylum_seekers_hosted_per_1000": "per_1000",
    "migrant_stock_pct_population": "%",
}

#: Columns of ``funding_source_matches``.
MATCH_COLUMNS: tuple[str, ...] = (
    "intervention_id", "intervention_name", "objective_id", "is_essential",
    "needed_from_year", "gap_amount", "currency", "price_year", "source_type_code",
    "source_type_name", "is_eligible", "to_confirm", "fit_score", "match_rank",
    "is_lead", "reason", "rule_ids", "fact_status",
)

#: Columns of ``funding_partner_strategy``.
STRATEGY_COLUMNS: tuple[str, ...] = (
    "source_type_code", "source_type_name", "n_interventions", "intervention_ids",
    "objective_ids", "ask_amount", "currency", "price_year", "channel",
    "lead_time_months", "needed_from_year", "approach_by", "is_late", "what_to_ask",
)

#: Columns of ``funding_country_eligibility``.
COUNTRY_COLUMNS: tuple[str, ...] = ("iso3", "attribute", "value", "basis", "status",
                                    "source")

_PROXY_SOURCE = {
    "has_resident_coordinator": (
        "GCM Workbook proxy (ours): a UN Resident Coordinator serves the country "
        "when it is not high income (World Bank FY2023 income group), except the "
        "countries of funding_country_exceptions.csv; UN DCO: 130 Resident "
        "Coordinators service 162 countries and territories "
        "(https://un-dco.org/index.php/resident-coordinators-their-offices)"),
    "is_oda_eligible": (
        "GCM Workbook proxy (ours) of the OECD DAC List of ODA Recipients: not high "
        "income (World Bank FY2023 income group), except the countries of "
        "funding_country_exceptions.csv"),
}


@dataclass(frozen=True)
class CountryFunding:
    """The country facts the rules test (values ``None`` when unknown)."""

    iso3: str
    country_name: str
    income_group: str | None
    has_resident_coordinator: bool | None
    is_oda_eligible: bool | None
    bases: dict[str, str] = field(default_factory=dict)
    figures: dict[str, tuple[float, int]] = field(default_factory=dict)


def country_funding_profile(countries: pd.DataFrame, latest: pd.DataFrame, iso3: str,
                            exceptions: pd.DataFrame, lang: str = "en"
                            ) -> CountryFunding:
    """Return the facts the eligibility rules test for one country.

    Parameters
    ----------
    countries : DataFrame
        ``processed/countries`` (``iso3, country_name, country_name_fr,
        wb_income_group``).
    latest : DataFrame
        One value per indicator (``indicators_panel.latest_values``): ``iso3,
        indicator, year, value``.
    iso3 : str
    exceptions : DataFrame
        ``funding_country_exceptions.csv``: ``iso3, attribute, value, note``.
    lang : {"en", "fr"}

    Returns
    -------
    CountryFunding
        Income group; Resident Coordinator presence and ODA eligibility from the
        proxy "not high income" unless the exception list names the country
        (``bases`` says which, for the report); the figures of
        :data:`FIGURE_UNITS` with their year.

    Raises
    ------
    KeyError
        If ``iso3`` is not in ``countries``.
    """
    row = countries.set_index("iso3").loc[iso3]
    income = row.get("wb_income_group")
    income_group = None if income is None or pd.isna(income) else str(income)
    name = row.get("country_name_fr") if lang == "fr" else row.get("country_name")
    if name is None or pd.isna(name):
        name = row.get("country_name", iso3)
    mine = exceptions[exceptions["iso3"] == iso3].set_index("attribute")
    values: dict[str, bool | None] = {}
    bases: dict[str, str] = {}
    for attribute in ("has_resident_coordinator", "is_oda_eligible"):
        if attribute in mine.index:
            values[attribute] = str(mine.at[attribute, "value"]).strip() == "True"
            # the note in lang while the catalogue has the table's English
            note = reference_text(f"funding.exception.{iso3}.{attribute}",
                                  str(mine.at[attribute, "note"]), lang)
            bases[attribute] = label("match.basis_exception", lang, note=note)
        elif income_group is None:
            values[attribute] = None
            bases[attribute] = label("match.basis_unknown", lang)
        else:
            values[attribute] = income_group != "High income"
            bases[attribute] = label("match.basis_proxy", lang,
                                     income=income_name(income_group, lang))
    figures: dict[str, tuple[float, int]] = {}
    here = latest[(latest["iso3"] == iso3) & latest["indicator"].isin(FIGURE_UNITS)]
    for item in here.dropna(subset=["value"]).itertuples(index=False):
        figures[str(item.indicator)] = (float(item.value), int(item.year))
    return CountryFunding(iso3, str(name), income_group,
                          values["has_resident_coordinator"],
                          values["is_oda_eligible"], bases, figures)


def country_eligibility_table(country: CountryFunding,
                              exceptions: pd.DataFrame) -> pd.DataFrame:
    """The run table ``funding_country_eligibility``: each attribute the rules
    test, its value, how it was established, its status and source."""
    listed = exceptions[exceptions["iso3"] == country.iso3].set_index("attribute")
    rows = [{"iso3": country.iso3, "attribute": "income_group",
             "value": country.income_group or "", "basis": "World Bank FY2023",
             "status": "verified",
             "source": "data/processed/countries.csv (wb_income_group)"}]
    for attribute in ("has_resident_coordinator", "is_oda_eligible"):
        value = getattr(country, attribute)
        source = (str(listed.at[attribute, "source"]) if attribute in listed.index
                  else _PROXY_SOURCE[attribute])
        rows.append({"iso3": country.iso3, "attribute": attribute,
                     "value": "" if value is None else str(value),
                     "basis": country.bases.get(attribute, ""),
                     "status": "unverified", "source": source})
    for indicator, (value, year) in sorted(country.figures.items()):
        rows.append({"iso3": country.iso3, "attribute": indicator,
                     "value": f"{value:.6g}", "basis": str(year), "status": "verified",
                     "source": "data/processed/country_indicators.csv"})
    return pd.DataFrame(rows, columns=list(COUNTRY_COLUMNS))


def income_name(income_group: str | None, lang: str = "en") -> str:
    """A World Bank income group inside a sentence in ``lang`` ("?" when
    unknown; French in lower case: *revenu intermédiaire, tranche inférieure*).

    Examples
    --------
    >>> income_name("Lower middle income", "fr"), income_name(None)
    ('revenu intermédiaire, tranche inférieure', '?')
    """
    if not income_group:
        return "?"
    name = group_name("wb_income", income_group, lang)
    return name[:1].lower() + name[1:] if lang == "fr" else name


# ------------------------------------------------------------------ rules
def figure_text(indicator: str, value: float, lang: str = "en") -> str:
    """The value of a country figure of :data:`FIGURE_UNITS` as the rules and
    the eligibility table write it (:mod:`gcm_analysis.numbers`).

    Examples
    --------
    >>> figure_text("emigrants_pct_population", 0.9956, "fr")
    '1,0\u202f%'
    >>> figure_text("remittances_received_usd", 4.091e9, "fr")
    '4,1\xa0milliards\xa0USD'
    """
    unit = FIGURE_UNITS.get(indicator, "")
    if unit == "%":
        return numbers.number(value, lang, 1) + ("\u202f%" if lang == "fr" else "%")
    if unit == "per_1000":
        return numbers.number(value, lang, 1)
    if unit == "USD":
        return numbers.money(value, "USD", lang)
    return numbers.number(value, lang, 0)


def _entities(lead: Any, partners: Any) -> list[str] | None:
    """Entities named in an intervention's lead ministry and partners; ``None``
    when the plan names no partners (a starter plan)."""
    if partners is None or pd.isna(partners) or not str(partners).strip():
        return None
    names = [str(lead).strip()] if lead is not None and not pd.isna(lead) else []
    for part in str(partners).replace(";", ",").split(","):
        if part.strip() and part.strip() not in names:
            names.append(part.strip())
    return names


def _evaluate(rule: Mapping[str, Any], country: CountryFunding,
              item: Mapping[str, Any], area_of: Mapping[int, int], lang: str
              ) -> tuple[bool | None, dict[str, str]]:
    """Whether a rule holds for an intervention of a country (``None`` = cannot
    tell from the data), and the values its text cites."""
    criterion, threshold = str(rule["criterion"]), str(rule["threshold"])
    objective = int(item["objective_id"])
    values: dict[str, str] = {"objective": str(objective), "value": "", "year": "",
                              "area": str(area_of.get(objective, "")),
                              "country_fact": "", "intervention_fact": ""}
    if criterion == "objective_any":
        return True, values
    if criterion == "objective_in":
        allowed = (set(area_of) if threshold == "mptf_areas"
                   else {int(v) for v in threshold.split(";") if v.strip()})
        return objective in allowed, values
    if criterion == "is_essential":
        return bool(item["is_essential"]), values
    if criterion in ("has_resident_coordinator", "is_oda_eligible"):
        fact = getattr(country, criterion)
        key = (f"match.fact.{criterion}."
               + ("unknown" if fact is None else str(bool(fact)).lower()))
        values["country_fact"] = label(key, lang, country=country.country_name,
                                       basis=country.bases.get(criterion, ""))
        return (None if fact is None else fact == (threshold == "True")), values
    if criterion == "income_group":
        values["country_fact"] = label("match.fact.income", lang,
                                       country=country.country_name,
                                       income=income_name(country.income_group,
                                                          lang))
        if country.income_group is None:
            return None, values
        return country.income_group in threshold.split(";"), values
    if criterion == "multi_entity":
        names = item.get("entities")
        if names is None:
            values["intervention_fact"] = label("match.fact.no_partners", lang)
            return None, values
        values["intervention_fact"] = label("match.fact.entities", lang,
                                            n=len(names), names=", ".join(names))
        return len(names) >= 2, values
    if criterion == "gap_amount_usd":
        if item["currency"] != "USD":
            return None, values
        low, high = (float(v) for v in threshold.split(";"))
        gap = float(item["gap_amount"])
        values["value"] = numbers.money(gap, "USD", lang)
        return low <= gap <= high, values
    figure = country.figures.get(criterion)
    if figure is None:
        return None, values
    values["value"] = figure_text(criterion, figure[0], lang)
    values["year"] = str(figure[1])
    return figure[0] >= float(threshold), values


def _rule_text(rule: Mapping[str, Any], values: Mapping[str, str], lang: str) -> str:
    return str(rule["text_fr" if lang == "fr" else "text_en"]).format(**values)


# --------------------------------------------------------------- matching
def intervention_gaps(gaps: pd.DataFrame, interventions: pd.DataFrame | None = None
                      ) -> pd.DataFrame:
    """One row per intervention with a gap (cost minus committed money) of at
    least :data:`MIN_PLAN_GAP`: ``intervention_id, intervention_name, objective_id,
    is_essential, needed_from_year, gap_amount, currency, price_year, entities``
    (``entities``: lead ministry and partners from the plan's interventions sheet,
    ``None`` when it names no partners)."""
    tol = _tolerance(gaps["cost_amount"]) if len(gaps) else 0.0
    with_gap = gaps[gaps["gap_amount"] > tol]
    keys = ["intervention_id", "objective_id", "currency", "price_year"]
    if with_gap.empty:
        return pd.DataFrame(columns=[*keys, "intervention_name", "is_essential",
                                     "needed_from_year", "gap_amount", "entities"])
    grouped = with_gap.groupby(keys, as_index=False, sort=True).agg(
        intervention_name=("intervention_name", "first"),
        is_essential=("is_essential", "max"), needed_from_year=("year", "min"),
        gap_amount=("gap_amount", "sum"))
    grouped = grouped[grouped["gap_amount"] >= max(tol, MIN_PLAN_GAP)]
    entities: dict[str, list[str] | None] = {}
    if interventions is not None and len(interventions):
        for row in interventions.itertuples(index=False):
            entities[str(row.intervention_id)] = _entities(
                getattr(row, "lead_ministry", None), getattr(row, "partners", None))
    return grouped.assign(entities=[entities.get(str(i)) for i in
                                    grouped["intervention_id"]]).reset_index(drop=True)


def match_sources(gaps: pd.DataFrame, country: CountryFunding, *,
                  refs: FundingReference, interventions: pd.DataFrame | None = None,
                  lang: str = "en") -> pd.DataFrame:
    """Rank the source types that can fund each intervention with a gap.

    Eligibility first: a source type is eligible when none of its eligibility rules
    fails (a rule the data cannot decide, e.g. partners not named in a starter
    plan, is listed in ``to_confirm``). Eligible sources are ranked by ``fit_score``
    (the sum of the points of the fit rules that hold), ties broken by the
    guidance table's ``suggested_rank``; the first is the intervention's lead
    source (``is_lead``). The reason quotes every rule that decided, with the
    country's own figures and the rule's fact marker.

    Parameters
    ----------
    gaps : DataFrame
        The gap cells (:func:`compute_gaps`).
    country : CountryFunding
        :func:`country_funding_profile`.
    refs : FundingReference
        ``source_rules``, ``source_guidance``, ``source_types``,
        ``mptf_area_objectives``.
    interventions : DataFrame, optional
        The plan's interventions sheet (``intervention_id, lead_ministry,
        partners``) for the rules on the entities involved.
    lang : {"en", "fr"}

    Returns
    -------
    DataFrame
        :data:`MATCH_COLUMNS`; one row per intervention with a gap and source
        type (ineligible ones too, with the failed rule as reason and no rank).
    """
    items = intervention_gaps(gaps, interventions)
    area_of = dict(zip(refs.mptf_area_objectives["objective_id"].astype(int),
                       refs.mptf_area_objectives["area_id"].astype(int), strict=True))
    order = refs.source_guidance.set_index("source_type_code")["suggested_rank"]
    names = source_type_names(refs.source_types, lang)
    rules = refs.source_rules
    rows: list[dict[str, Any]] = []
    for item in items.to_dict("records"):
        candidates = []
        for code in order.sort_values().index:
            candidates.append(_match_one(str(code), rules[rules["source_type_code"]
                                                          == code],
                                         country, item, area_of, lang))
        eligible = sorted((c for c in candidates if c["is_eligible"]),
                          key=lambda c: (-c["fit_score"],
                                         int(order[c["source_type_code"]])))
        for rank, candidate in enumerate(eligible, start=1):
            candidate["match_rank"] = rank
            candidate["is_lead"] = rank == 1
        for candidate in candidates:
            rows.append({
                **{k: item[k] for k in ("intervention_id", "intervention_name",
                                        "objective_id", "is_essential",
                                        "needed_from_year", "gap_amount", "currency",
                                        "price_year")},
                "source_type_name": names.get(candidate["source_type_code"], ""),
                **candidate})
    table = pd.DataFrame(rows, columns=list(MATCH_COLUMNS))
    table["match_rank"] = table["match_rank"].astype("Int64")
    table["is_lead"] = table["is_lead"].fillna(False).astype(bool)
    return table.sort_values(["objective_id", "intervention_id", "match_rank",
                              "source_type_code"], na_position="last",
                             kind="mergesort").reset_index(drop=True)


def _match_one(code: str, rules: pd.DataFrame, country: CountryFunding,
               item: Mapping[str, Any], area_of: Mapping[int, int], lang: str
               ) -> dict[str, Any]:
    failed: list[str] = []
    confirm: list[str] = []
    held: list[str] = []
    used: list[str] = []
    score = 0
    # eligibility rules first, so a reason states the gate before the fit
    ordered = sorted(rules.to_dict("records"),
                     key=lambda r: (r["rule_kind"] != "eligibility", r["rule_id"]))
    for rule in ordered:
        result, values = _evaluate(rule, country, item, area_of, lang)
        text = _rule_text(rule, values, lang)
        if rule["rule_kind"] == "eligibility":
            used.append(str(rule["rule_id"]))
            target = failed if result is False else confirm if result is None else held
            target.append(text)
        elif result:
            score += int(float(rule["points"]))
            used.append(str(rule["rule_id"]))
            held.append(text)
    held = list(dict.fromkeys(held))  # a theme rule may gate and score: say it once
    sep = "\u202f; " if lang == "fr" else "; "  # French: narrow space before ;
    if failed:
        reason = label("match.not_eligible", lang, why=sep.join(failed))
    else:
        reason = label("match.eligible", lang, score=score, why=sep.join(held))
        if confirm:
            reason += " " + label("match.to_confirm", lang, why=sep.join(confirm))
    return {"source_type_code": code, "is_eligible": not failed,
            "to_confirm": sep.join(confirm), "fit_score": score if not failed else 0,
            "match_rank": pd.NA, "is_lead": False, "reason": reason,
            "rule_ids": ";".join(used), "fact_status": _fact_status(reason)}


# --------------------------------------------------------------- strategy
def _approach(year: int, lead_months: int, earliest: int) -> tuple[str, bool]:
    wanted = year * 12 - int(lead_months)
    months = max(wanted, earliest)
    return f"{months // 12:04d}-{months % 12 + 1:02d}", bool(wanted < earliest)


def build_partner_strategy(matches: pd.DataFrame, *, refs: FundingReference,
                           lang: str = "en", run_date: dt.date | None = None
                           ) -> pd.DataFrame:
    """A strategy per partner (source type): what to ask, for which
    interventions, through which channel, by when.

    Each intervention's gap is asked of its lead source (``is_lead``), so the asks
    add up to the interventions' gaps. The calendar is the mobilisation plan's:
    the lead time before January of the first year with a gap, never before the
    month after the run date (``is_late`` when the lead time can no longer be met).

    Returns
    -------
    DataFrame
        :data:`STRATEGY_COLUMNS`, largest ask first.
    """
    from .mobilisation import first_month_after

    leads = matches[matches["is_lead"]]
    guidance = refs.source_guidance.set_index("source_type_code")
    suffix = "fr" if lang == "fr" else "en"
    earliest = first_month_after(run_date)
    rows = []
    for (code, name, currency, price_year), part in leads.groupby(
            ["source_type_code", "source_type_name", "currency", "price_year"],
            sort=True):
        lead_months = int(guidance.at[code, "lead_time_months"])
        needed = int(part["needed_from_year"].min())
        month, late = _approach(needed, lead_months, earliest)
        ids = ", ".join(str(v) for v in part["intervention_id"])
        objectives = ", ".join(str(v) for v in sorted(set(part["objective_id"])))
        ask = float(part["gap_amount"].sum())
        rows.append({
            "source_type_code": code, "source_type_name": name,
            "n_interventions": len(part), "intervention_ids": ids,
            "objective_ids": objectives, "ask_amount": ask, "currency": currency,
            "price_year": int(price_year), "channel": guidance.at[code,
                                                                  f"channel_{suffix}"],
            "lead_time_months": lead_months, "needed_from_year": needed,
            "approach_by": month, "is_late": late,
            "what_to_ask": label("match.ask", lang,
                                 amount=format_money(ask, str(currency), lang),
                                 interventions=ids, objectives=objectives,
                                 year=needed)})
    return pd.DataFrame(rows, columns=list(STRATEGY_COLUMNS)).sort_values(
        ["ask_amount", "source_type_code"], ascending=[False, True],
        kind="mergesort").reset_index(drop=True)
