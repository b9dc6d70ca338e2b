"""Country profile: a country's indicators against its peers' medians.

Pure functions on the processed panel (``country_indicators``, long, every year,
with ``flag``) and the ``countries`` dimension table; see docs/contracts.md. The
profile uses each indicator's latest unflagged value
(:func:`gcm_analysis.indicators_panel.latest_values`) and says which newer value
it skipped and why; :func:`country_series` gives the years behind the trend
charts.
"""

from __future__ import annotations

import pandas as pd

from .i18n import group_name
from .indicators_panel import SECOND_SOURCES, as_latest_values, is_panel

PROFILE_COLUMNS = [
    "indicator",
    "label",
    "unit",
    "year",
    "value",
    "region_median",
    "income_group_median",
    "world_median",
    "world_percentile",
    "n_world",
    "source",
    "skipped_year",
    "skipped_value",
    "skip_reason",
]

#: The series of the trend charts (``plot_trends``), in display order.
TREND_INDICATORS: list[str] = [
    "migrant_stock",
    "refugees_asylum_seekers_hosted",
    "remittances_received_usd",
    "remittance_cost_receiving_pct",
    "population",
    "gdp_usd",
]


def _wide(indicators: pd.DataFrame) -> pd.DataFrame:
    return indicators.pivot_table(
        index="iso3", columns="indicator", values="value", aggfunc="first"
    )


def compute_country_profile(
    indicators: pd.DataFrame,
    countries: pd.DataFrame,
    iso3: str,
    labels: pd.DataFrame,
    lang: str = "en",
) -> pd.DataFrame:
    """Return one row per indicator: the country's value and its peers' medians.

    Parameters
    ----------
    indicators : DataFrame
        ``data/processed/country_indicators.csv`` as read (every year, with
        ``flag``; reduced to the latest unflagged value per indicator) or a table
        with one value per indicator (used as it is).
    countries : DataFrame
        ``iso3, wb_region, wb_income_group, ...``.
    iso3 : str
        The country to profile (must be in ``countries``).
    labels : DataFrame
        ``indicator, label_en, label_fr, display_order``: which indicators to show
        and in which order.
    lang : str
        ``"en"`` or ``"fr"`` for the ``label`` column.

    Returns
    -------
    DataFrame
        Columns :data:`PROFILE_COLUMNS`. ``value`` is NA where the source has no
        value for the country (never 0). Medians are over the peers that have a
        value, the country included; ``world_percentile`` is the share of countries
        with a lower value (0-100), NA when the country has no value. ``year`` is
        the year of the value used; ``skipped_year``, ``skipped_value`` and
        ``skip_reason`` name a newer, flagged value left out (NA when none).

    Raises
    ------
    KeyError
        If ``iso3`` is not in ``countries``.
    """
    if iso3 not in set(countries["iso3"]):
        raise KeyError(f"{iso3} is not in the countries table")
    meta = countries.set_index("iso3")
    indicators = as_latest_values(indicators)
    wide = _wide(indicators)
    region = meta.at[iso3, "wb_region"]
    income = meta.at[iso3, "wb_income_group"]
    in_region = meta.index[meta["wb_region"] == region] if pd.notna(region) else []
    in_income = (meta.index[meta["wb_income_group"] == income] if pd.notna(income)
                 else [])
    own = indicators[indicators["iso3"] == iso3].set_index("indicator")
    shown = labels.sort_values("display_order")
    rows = []
    for indicator, label in zip(shown["indicator"], shown[f"label_{lang}"],
                                strict=True):
        column = wide[indicator] if indicator in wide else pd.Series(dtype=float)
        value = own["value"].get(indicator, pd.NA)
        world = column.dropna()
        percentile = (
            float((world < value).mean() * 100) if pd.notna(value) and len(world)
            else pd.NA
        )
        rows.append(
            {
                "indicator": indicator,
                "label": label,
                "unit": own["unit"].get(indicator, labels.set_index("indicator").at[
                    indicator, "unit"]),
                "year": own["year"].get(indicator, pd.NA),
                "value": value,
                "region_median": column.reindex(in_region).median(),
                "income_group_median": column.reindex(in_income).median(),
                "world_median": world.median(),
                "world_percentile": percentile,
                "n_world": int(world.size),
                "source": own["source"].get(indicator, pd.NA),
                **{
                    column: own[column].get(indicator, pd.NA)
                    if column in own.columns else pd.NA
                    for column in ("skipped_year", "skipped_value", "skip_reason")
                },
            }
        )
    out = pd.DataFrame(rows, columns=PROFILE_COLUMNS)
    for column in ["value", "region_median", "income_group_median", "world_median",
                   "world_percentile"]:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("Float64")
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    out["skipped_year"] = pd.to_numeric(out["skipped_year"], errors="coerce").astype(
        "Int64")
    out["skipped_value"] = pd.to_numeric(out["skipped_value"], errors="coerce")
    return out


def country_series(panel: pd.DataFrame, iso3: str,
                   indicators: list[str] | None = None) -> pd.DataFrame:
    """Return every year of a country's indicators, with their flags (for charts).

    Parameters
    ----------
    panel : DataFrame
        The processed panel ``iso3, indicator, year, value, unit, source, flag``.
    iso3 : str
        The country.
    indicators : list of str, optional
        Which indicators (default :data:`TREND_INDICATORS` and their second
        sources, :data:`gcm_analysis.indicators_panel.SECOND_SOURCES`).

    Returns
    -------
    DataFrame
        ``iso3, indicator, year, value, unit, source, flag, is_used`` sorted by
        indicator and year; ``is_used`` marks the value the analysis uses (the
        latest unflagged one, see
        :func:`gcm_analysis.indicators_panel.latest_values`).

    Raises
    ------
    ValueError
        If ``panel`` has only one value per indicator (no years to chart).
    """
    if not is_panel(panel):
        raise ValueError(
            "country_series needs the panel with every year "
            "(io.read_processed('country_indicators')), not one value per indicator"
        )
    names = indicators or [
        *TREND_INDICATORS,
        *(SECOND_SOURCES[n] for n in TREND_INDICATORS if n in SECOND_SOURCES),
    ]
    rows = panel[(panel["iso3"] == iso3) & panel["indicator"].isin(names)]
    if "flag" not in rows.columns:
        rows = rows.assign(flag=pd.NA)
    used = as_latest_values(rows)[["indicator", "year"]].dropna()
    used = used.assign(is_used=True, year=used["year"].astype(int))
    out = rows.merge(used, on=["indicator", "year"], how="left")
    out["is_used"] = out["is_used"].astype("boolean").fillna(False).astype(bool)
    order = {name: i for i, name in enumerate(names)}
    out = out.assign(_order=out["indicator"].map(order)).sort_values(
        ["_order", "year"], kind="mergesort")
    return out.drop(columns="_order").reset_index(drop=True)


def country_facts(countries: pd.DataFrame, iso3: str,
                  lang: str = "en") -> dict[str, str]:
    """Return display facts for one country: name, region, income group."""
    row = countries.set_index("iso3").loc[iso3]
    name = row.get("country_name_fr") if lang == "fr" else row.get("country_name")
    if name is None or pd.isna(name):
        name = row["country_name"]
    def text(value: object) -> str:
        return "—" if value is None or pd.isna(value) else str(value)
    return {
        "iso3": iso3,
        "country_name": str(name),
        "region": group_name("wb_region", text(row.get("wb_region")), lang),
        "income_group": group_name("wb_income", text(row.get("wb_income_group")),
                                   lang),
    }
