"""Read the raw source files in ``data/raw/`` exactly as the publishers give them.

This is the only module that opens anything under ``data/raw/``. Every loader reads
every column as text (``dtype=str``, no NA guessing), so the source's own markers
stay visible to the code that interprets them:

- UN DESA uses ``..`` for "not available" and ``~`` for "hidden, fewer than 5";
- the R-exported UN DESA origin totals write ``NA`` for missing;
- World Bank wide downloads leave the cell empty when there is no data;
- UNHCR leaves ``oip`` empty in years before that category existed.

The SDG target titles (``un_sdg/``) are two flat YAML files as Open SDG publishes
them; :func:`load_raw_sdg_targets` reads the one YAML form they use (``key: text``
with folded continuation lines) and refuses any other.

None of these is ever zero. Turning them into numbers (and into ``NA``) is done,
explicitly and testably, by :func:`gcm_analysis.databuild.parse_source_numbers`.
The files themselves are described in ``data/README.md`` and
``data/raw/PROVENANCE.md``; they are never modified.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import paths

#: Every raw file the data build reads, relative to ``data/raw/``.
RAW_FILES: dict[str, str] = {
    "undesa_destination": "un_desa/undesa_ims2020_destination_long.csv",
    "undesa_origin_totals": (
        "un_desa/undesa_ims2020_immigrant_emigrant_totals_by_country_guyabel.csv"
    ),
    "unhcr_population": "unhcr/unhcr_population_by_asylum_origin_2000_2025.csv",
    "wdi_population": "world_bank/wdi_SP.POP.TOTL_population_datasets-population.csv",
    "wdi_gdp": "world_bank/wdi_NY.GDP.MKTP.CD_gdp_datasets-gdp.csv",
    "wdi_BX.TRF.PWKR.CD.DT": "world_bank/wdi_BX.TRF.PWKR.CD.DT.csv",
    "wdi_BM.TRF.PWKR.CD.DT": "world_bank/wdi_BM.TRF.PWKR.CD.DT.csv",
    "wdi_BX.TRF.PWKR.DT.GD.ZS": "world_bank/wdi_BX.TRF.PWKR.DT.GD.ZS.csv",
    "wdi_SI.RMT.COST.IB.ZS": "world_bank/wdi_SI.RMT.COST.IB.ZS.csv",
    "wdi_SI.RMT.COST.OB.ZS": "world_bank/wdi_SI.RMT.COST.OB.ZS.csv",
    "wdi_country_metadata": "world_bank/wdi_country_metadata_2023-05-10.csv",
    "country_codes": "reference/country_codes_datasets-country-codes.csv",
    "ocha_taxonomy": (
        "reference/ocha_countries_territories_taxonomy_hdx-python-country-4.2.5.csv"
    ),
    "knomad_inflows": "knomad/knomad_remittance_inflows_usd_million_2023-06.csv",
    "sdg_targets_en": "un_sdg/global_targets_en_open-sdg_sdg-translations.yml",
    "sdg_targets_fr": "un_sdg/global_targets_fr_open-sdg_sdg-translations.yml",
}

#: The five World Bank WDI indicators delivered as wide per-indicator downloads.
WDI_WIDE_CODES: tuple[str, ...] = (
    "BX.TRF.PWKR.CD.DT",
    "BM.TRF.PWKR.CD.DT",
    "BX.TRF.PWKR.DT.GD.ZS",
    "SI.RMT.COST.IB.ZS",
    "SI.RMT.COST.OB.ZS",
)

# Columns each file must have; a missing one means the file is not the one the
# build was written for, and we stop rather than guess.
_REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "undesa_destination": (
        "table",
        "indicator",
        "unit",
        "sex",
        "period",
        "location_name",
        "location_code_m49",
        "iso3",
        "is_aggregate",
        "value",
    ),
    "undesa_origin_totals": (
        "alpha3",
        "name",
        "country_code",
        "year",
        "fb",
        "pop",
        "disp",
        "disp_share",
    ),
    "unhcr_population": (
        "year",
        "coo",
        "coo_iso",
        "coa",
        "coa_iso",
        "refugees",
        "asylum_seekers",
        "oip",
    ),
    "wdi_population": ("Country Name", "Country Code", "Year", "Value"),
    "wdi_gdp": ("Country Name", "Country Code", "Year", "Value"),
    "wdi_country_metadata": ("Country Code", "Region", "IncomeGroup", "TableName"),
    "country_codes": (
        "ISO3166-1-Alpha-3",
        "M49",
        "is_independent",
        "Region Name",
        "Sub-region Name",
        "ISO4217-currency_alphabetic_code",
        "CLDR display name",
        "official_name_fr",
    ),
    "knomad_inflows": ("country_name", "iso3_or_wb_code", "is_aggregate", "2022"),
    "ocha_taxonomy": (
        "ISO 3166-1 Alpha 3-Codes",
        "Appears in DGACM list",
        "Preferred Term",
        "English Short",
        "French Short",
        "M49 French",
        "Currency",
    ),
}
_WDI_WIDE_COLUMNS = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")


def raw_file_path(name: str, raw_dir: Path | str | None = None) -> Path:
    """Return the path of one raw file by its short name.

    Parameters
    ----------
    name : str
        A key of :data:`RAW_FILES`, e.g. ``"unhcr_population"``.
    raw_dir : path, optional
        Folder holding the raw files; defaults to :data:`gcm_analysis.paths.RAW_DIR`.

    Returns
    -------
    Path

    Raises
    ------
    KeyError
        If ``name`` is not a known raw file.
    """
    if name not in RAW_FILES:
        raise KeyError(f"unknown raw file {name!r}; known: {sorted(RAW_FILES)}")
    base = Path(raw_dir) if raw_dir is not None else paths.RAW_DIR
    return base / RAW_FILES[name]


def _read_as_text(name: str, raw_dir: Path | str | None) -> pd.DataFrame:
    """Read a raw CSV with every cell as text and no NA guessing."""
    path = raw_file_path(name, raw_dir)
    if not path.exists():
        raise FileNotFoundError(f"raw file {name!r} not found at {path}")
    frame = pd.read_csv(
        path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8"
    )
    required = _REQUIRED_COLUMNS.get(name, ())
    if name.startswith("wdi_") and name[4:] in WDI_WIDE_CODES:
        required = _WDI_WIDE_COLUMNS
    missing = [col for col in required if col not in frame.columns]
    if missing:
        raise ValueError(f"raw file {path.name} lacks expected column(s) {missing}")
    return frame


def load_raw_undesa_destination(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Load UN DESA International Migrant Stock 2020, tables 1-6 in long form.

    Parameters
    ----------
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    DataFrame
        All columns as text, one row per location, indicator, sex and period;
        ``value`` keeps ``..`` (not available) and ``~`` (hidden) as given.
    """
    return _read_as_text("undesa_destination", raw_dir)


def load_raw_undesa_origin_totals(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Load UN DESA IMS 2020 immigrant and emigrant totals per country (G. Abel).

    Parameters
    ----------
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    DataFrame
        All columns as text; ``NA`` (R's missing) and ``~`` kept as given.
        ``disp`` is emigrants in persons, ``disp_share`` a fraction (not percent).
    """
    return _read_as_text("undesa_origin_totals", raw_dir)


def load_raw_unhcr_population(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Load the UNHCR bilateral population table (asylum x origin, 2000-2025).

    Parameters
    ----------
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    DataFrame
        All columns as text; ``oip`` is empty where the category did not exist.
    """
    return _read_as_text("unhcr_population", raw_dir)


def load_raw_wdi_population(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Load World Bank WDI SP.POP.TOTL (long: country, year, persons).

    Parameters
    ----------
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    DataFrame
        ``Country Name, Country Code, Year, Value`` as text; aggregates included.
    """
    return _read_as_text("wdi_population", raw_dir)


def load_raw_wdi_gdp(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Load World Bank WDI NY.GDP.MKTP.CD (long: country, year, current US$).

    Parameters
    ----------
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    DataFrame
        ``Country Name, Country Code, Year, Value`` as text; aggregates included.
    """
    return _read_as_text("wdi_gdp", raw_dir)


def load_raw_wdi_indicator(
    code: str, raw_dir: Path | str | None = None
) -> pd.DataFrame:
    """Load one wide WDI download (remittances or remittance costs).

    Parameters
    ----------
    code : str
        One of :data:`WDI_WIDE_CODES`, e.g. ``"BX.TRF.PWKR.CD.DT"``.
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    DataFrame
        One row per economy or aggregate, one text column per year; empty = no data.

    Raises
    ------
    KeyError
        If ``code`` is not one of the delivered indicators.
    """
    if code not in WDI_WIDE_CODES:
        raise KeyError(f"no raw WDI download for {code!r}; have {WDI_WIDE_CODES}")
    return _read_as_text(f"wdi_{code}", raw_dir)


def load_raw_wdi_country_metadata(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Load WDI "Metadata - Countries" (region and FY2023 income group).

    Parameters
    ----------
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    DataFrame
        ``Country Code, Region, IncomeGroup, SpecialNotes, TableName`` as text;
        aggregates have an empty ``Region``.
    """
    return _read_as_text("wdi_country_metadata", raw_dir)


def load_raw_country_codes(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Load the datasets/country-codes table (ISO 3166, M49, UNTERM, ISO 4217).

    Parameters
    ----------
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    DataFrame
        249 rows, all columns as text.
    """
    return _read_as_text("country_codes", raw_dir)


def load_raw_ocha_taxonomy(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Load the OCHA Countries & Territories Taxonomy (hdx-python-country 4.2.5).

    Parameters
    ----------
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    DataFrame
        All columns as text.
    """
    return _read_as_text("ocha_taxonomy", raw_dir)


def load_raw_knomad_inflows(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Load World Bank-KNOMAD remittance inflows, June 2023 (US$ million).

    Parameters
    ----------
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    DataFrame
        ``country_name, iso3_or_wb_code, is_aggregate, 2000`` ... ``2022`` as
        text; ``0.0`` often means "not reported" (see PROVENANCE.md).
    """
    return _read_as_text("knomad_inflows", raw_dir)


#: One top-level line of the flat YAML files: ``<goal>-<target>-title: <text>``.
_SDG_KEY_LINE = re.compile(r"(?P<key>\d{1,2}-(?:\d{1,2}|[a-z])-title): (?P<text>\S.*)")


def load_raw_sdg_targets(lang: str, raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Load Open SDG's copy of the SDG target titles in ``lang`` (``en`` or ``fr``).

    The files hold one plain (unquoted) YAML scalar per target, folded over
    indented continuation lines; folding joins the lines with one space, as YAML
    does. The text is returned as written (Unicode form, hyphens and quotes
    untouched): :func:`gcm_analysis.databuild.build_sdg_targets` normalises it.

    Parameters
    ----------
    lang : str
        ``"en"`` or ``"fr"``.
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    DataFrame
        ``key, text`` as text, in file order (``key`` such as ``"10-7-title"``).

    Raises
    ------
    ValueError
        On a line outside that form (quoted or block scalars, comments, tabs,
        nested keys, a repeated key), naming the file and line.
    """
    path = raw_file_path(f"sdg_targets_{lang}", raw_dir)
    keys: list[str] = []
    texts: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line == "":
            continue
        match = _SDG_KEY_LINE.fullmatch(line)
        if match and match["text"][0] not in "'\"|>&*!%@`#{[" and " #" not in line:
            if match["key"] in keys:
                raise ValueError(
                    f"{path}, line {number}: key {match['key']!r} repeated")
            keys.append(match["key"])
            texts.append(match["text"].rstrip(" "))
        elif keys and line.startswith("  ") and line.strip() and "\t" not in line \
                and " #" not in line and ": " not in line:
            texts[-1] = f"{texts[-1]} {line.strip(' ')}"
        else:
            raise ValueError(
                f"{path}, line {number}: not a flat 'N-N-title: text' entry or its "
                f"continuation: {line[:60]!r}"
            )
    return pd.DataFrame({"key": keys, "text": texts}, dtype=object)


def load_raw_all(raw_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Load every raw table the data build needs, keyed by :data:`RAW_FILES` name.

    Parameters
    ----------
    raw_dir : path, optional
        Folder holding the raw files (default ``data/raw``).

    Returns
    -------
    dict of str to DataFrame
        Keys are the names in :data:`RAW_FILES` (WDI wide files as ``wdi_<code>``).
    """
    tables = {
        "undesa_destination": load_raw_undesa_destination(raw_dir),
        "undesa_origin_totals": load_raw_undesa_origin_totals(raw_dir),
        "unhcr_population": load_raw_unhcr_population(raw_dir),
        "wdi_population": load_raw_wdi_population(raw_dir),
        "wdi_gdp": load_raw_wdi_gdp(raw_dir),
        "wdi_country_metadata": load_raw_wdi_country_metadata(raw_dir),
        "country_codes": load_raw_country_codes(raw_dir),
        "ocha_taxonomy": load_raw_ocha_taxonomy(raw_dir),
        "knomad_inflows": load_raw_knomad_inflows(raw_dir),
        "sdg_targets_en": load_raw_sdg_targets("en", raw_dir),
        "sdg_targets_fr": load_raw_sdg_targets("fr", raw_dir),
    }
    for code in WDI_WIDE_CODES:
        tables[f"wdi_{code}"] = load_raw_wdi_indicator(code, raw_dir)
    return tables
