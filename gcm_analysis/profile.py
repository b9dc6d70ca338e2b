"""Country profile: a country's indicators against its peers' medians.

Pure functions on the processed panel (``country_indicators``, long) and the
``countries`` dimension table; see docs/contracts.md.
"""

from __future__ import annotations

import pandas as pd

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
        Long panel ``iso3, indicator, year, value, unit, source``.
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
        with a lower value (0-100), NA when the country has no value.

    Raises
    ------
    KeyError
        If ``iso3`` is not in ``countries``.
    """
    if iso3 not in set(countries["iso3"]):
        raise KeyError(f"{iso3} is not in the countries table")
    meta = countries.set_index("iso3")
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
            }
        )
    out = pd.DataFrame(rows, columns=PROFILE_COLUMNS)
    for column in ["value", "region_median", "income_group_median", "world_median",
                   "world_percentile"]:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("Float64")
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    return out


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
        "region": text(row.get("wb_region")),
        "income_group": text(row.get("wb_income_group")),
    }
