"""The ``countries`` table: names, regions, membership, currency."""

from __future__ import annotations

import pandas as pd

from .rules import COUNTRIES_COLUMNS, UN_MEMBER_COUNT


def _first_present(*columns: pd.Series) -> pd.Series:
    """Row-wise first non-empty text among ``columns``; NA if all are empty."""
    result = pd.Series(pd.NA, index=columns[0].index, dtype=object)
    for col in reversed(columns):
        text = col.astype(object).where(col.astype(str).str.strip() != "")
        result = text.where(text.notna(), result)
    return result


def _currency_code(iso_list: pd.Series, ocha: pd.Series) -> pd.Series:
    """One ISO 4217 code: country-codes' code; where it lists several, OCHA's pick."""

    def choose(codes: str, fallback: str) -> object:
        options = [c.strip() for c in str(codes).split(",") if c.strip()]
        if len(options) == 1:
            return options[0]
        if fallback in options:
            return fallback
        if options:
            return options[0]
        return fallback or pd.NA

    return pd.Series(
        [choose(c, f) for c, f in zip(iso_list, ocha, strict=True)],
        index=iso_list.index,
        dtype=object,
    )


def build_countries(
    country_codes: pd.DataFrame,
    ocha_taxonomy: pd.DataFrame,
    wdi_country_metadata: pd.DataFrame,
) -> pd.DataFrame:
    """Build ``countries``: one row per ISO 3166-1 country or territory.

    Names come from the OCHA taxonomy (UNTERM short names, M49 names for
    territories), falling back on country-codes; regions from UN M49
    (country-codes) and the World Bank (WDI metadata, FY2023 income groups); UN
    membership from OCHA's "Appears in DGACM list" (the 193 Member States);
    currency from ISO 4217 in country-codes, with OCHA's code breaking ties
    where several circulate (e.g. Bhutan BTN, El Salvador USD).

    Parameters
    ----------
    country_codes, ocha_taxonomy, wdi_country_metadata : DataFrame
        Raw tables.

    Returns
    -------
    DataFrame
        Columns :data:`COUNTRIES_COLUMNS`, sorted by ``iso3``.

    Raises
    ------
    ValueError
        If the UN member count is not 193 or a code is duplicated.
    """
    base = country_codes[country_codes["ISO3166-1-Alpha-3"].str.fullmatch(r"[A-Z]{3}")]
    ocha = ocha_taxonomy[
        ocha_taxonomy["ISO 3166-1 Alpha 3-Codes"].str.fullmatch(r"[A-Z]{3}")
    ]
    if ocha["ISO 3166-1 Alpha 3-Codes"].duplicated().any():
        raise ValueError("OCHA taxonomy lists an ISO3 code twice")
    merged = base.merge(
        ocha.rename(columns={"ISO 3166-1 Alpha 3-Codes": "ISO3166-1-Alpha-3"}),
        on="ISO3166-1-Alpha-3",
        how="left",
        suffixes=("", "_ocha"),
    ).merge(
        wdi_country_metadata.rename(columns={"Country Code": "ISO3166-1-Alpha-3"}),
        on="ISO3166-1-Alpha-3",
        how="left",
    )
    merged = merged.fillna("")
    countries = pd.DataFrame(
        {
            "iso3": merged["ISO3166-1-Alpha-3"].astype(object),
            "country_name": _first_present(
                merged["English Short"],
                merged["Preferred Term"],
                merged["CLDR display name"],
                merged["official_name_en"],
            ),
            "country_name_fr": _first_present(
                merged["French Short"], merged["M49 French"], merged["official_name_fr"]
            ),
            "m49_code": pd.to_numeric(merged["M49"].replace("", None)).astype("Int64"),
            "wb_region": _first_present(merged["Region"]),
            "wb_income_group": _first_present(merged["IncomeGroup"]),
            "un_region": _first_present(merged["Region Name"]),
            "un_subregion": _first_present(merged["Sub-region Name"]),
            "is_un_member": (merged["Appears in DGACM list"] == "Y").astype(bool),
            "currency_code": _currency_code(
                merged["ISO4217-currency_alphabetic_code"], merged["Currency"]
            ),
        }
    )
    if countries["iso3"].duplicated().any():
        raise ValueError("country-codes lists an ISO3 code twice")
    members = int(countries["is_un_member"].sum())
    if members != UN_MEMBER_COUNT:
        raise ValueError(
            f"found {members} UN Member States, expected {UN_MEMBER_COUNT}"
        )
    return countries.sort_values("iso3").reset_index(drop=True)[COUNTRIES_COLUMNS]
