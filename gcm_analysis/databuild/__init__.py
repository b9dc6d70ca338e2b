"""Build the processed country tables from the raw source tables.

The processed tables come out (their columns are fixed in ``docs/contracts.md``),
and one reference table, ``data/reference/sdg_targets.csv`` (:mod:`.sdg_targets`):

- ``countries``: one row per ISO 3166-1 country or territory, with names (EN/FR),
  M49 code, World Bank region and FY2023 income group, UN M49 region and
  sub-region, UN membership and currency;
- ``country_indicators``: a tidy long panel, one row per (iso3, indicator, year)
  that has a value, every year the raw files give, with its unit, its source and
  the reason codes of the series checks (``flag``, :mod:`.checks`).

Every function here except :func:`build_processed` and
:func:`write_processed_tables` is pure: it takes raw DataFrames (as read by
:mod:`gcm_analysis.rawdata`, all text) and returns new DataFrames. The choices
below (cut-off year, UNHCR reference year, what counts as missing) are named
constants, and ``data/README.md`` explains each of them.

A country without a value for an indicator has **no row** for it: the table never
carries placeholder zeros, and consumers reindex on ``countries`` to show gaps.

The build is split along the way the data flow: :mod:`.rules` (the named
choices), :mod:`.parsing` (source text, units, the country universe), one module
per publisher (:mod:`.wdi`, :mod:`.undesa`, :mod:`.unhcr`, :mod:`.knomad`),
:mod:`.derived` (ratios computed here), :mod:`.checks` (series checks and their flags),
:mod:`.countries` and :mod:`.tables` (assembly, contract check, writing). Every
public name is re-exported here.
"""

from __future__ import annotations

from .checks import (
    flag_breaks,
    flag_incomplete_last_year,
    flag_inconsistent_share,
    flag_panel,
    flag_source_series,
    inherit_input_flags,
)
from .countries import (
    build_countries,
)
from .derived import (
    compute_derived_indicators,
)
from .knomad import (
    build_knomad_indicators,
)
from .parsing import (
    m49_to_iso3,
    normalise_units,
    parse_source_numbers,
    valid_iso3_codes,
    wdi_economy_codes,
)
from .rules import (
    ALLOWED_UNITS,
    BREAK_MAX_GAP_YEARS,
    BREAK_MIN_LEVEL,
    BREAK_RATIO,
    BREAK_RATIO_DEFAULT,
    CHECKED_INDICATORS,
    CONSISTENCY_TOLERANCE,
    COUNTRIES_COLUMNS,
    DERIVED_INPUTS,
    FLAG_CODES,
    FLAG_DIP,
    FLAG_INCOMPLETE_YEAR,
    FLAG_INCONSISTENT,
    FLAG_LAST_YEAR_BREAK,
    FLAG_SPIKE,
    INDICATOR_COLUMNS,
    INDICATOR_UNITS,
    KNOMAD_MISSING_TOKENS,
    KNOMAD_SOURCE,
    LAST_YEAR_MIN_COVERAGE,
    MISSING_TOKENS,
    NON_ISO_CODES_DROPPED,
    SDG_10C_TARGET_PCT,
    SHARE_OF_GDP_PAIRS,
    UN_MEMBER_COUNT,
    UNDESA_BASE_YEAR,
    UNDESA_CHANGE_YEARS,
    UNDESA_YEAR,
    UNHCR_COUNT_COLUMNS,
    UNHCR_FIRST_YEAR,
    UNHCR_NON_COUNTRY_CODES,
    UNHCR_YEAR,
    UNIT_CONVERSIONS,
    WDI_MIN_YEAR,
    WDI_WIDE_INDICATORS,
)
from .sdg_targets import (
    SDG_TARGET_COLUMNS,
    build_sdg_targets,
)
from .tables import (
    REFERENCE_TABLES,
    build_country_indicators,
    build_processed,
    build_processed_tables,
    built_table_path,
    check_country_indicators,
    write_processed_tables,
)
from .undesa import (
    build_undesa_indicators,
)
from .unhcr import (
    build_unhcr_indicators,
)
from .wdi import (
    build_wdi_indicators,
    build_wdi_series,
    drop_unreported_zeros,
    select_latest,
    tidy_wdi_long,
    tidy_wdi_wide,
)

__all__ = [
    "REFERENCE_TABLES",
    "SDG_TARGET_COLUMNS",
    "build_sdg_targets",
    "built_table_path",
    "KNOMAD_MISSING_TOKENS",
    "KNOMAD_SOURCE",
    "build_knomad_indicators",
    "BREAK_MAX_GAP_YEARS",
    "BREAK_MIN_LEVEL",
    "BREAK_RATIO",
    "BREAK_RATIO_DEFAULT",
    "CHECKED_INDICATORS",
    "CONSISTENCY_TOLERANCE",
    "DERIVED_INPUTS",
    "FLAG_CODES",
    "FLAG_DIP",
    "FLAG_INCOMPLETE_YEAR",
    "FLAG_INCONSISTENT",
    "FLAG_LAST_YEAR_BREAK",
    "FLAG_SPIKE",
    "LAST_YEAR_MIN_COVERAGE",
    "SHARE_OF_GDP_PAIRS",
    "UNDESA_CHANGE_YEARS",
    "UNHCR_FIRST_YEAR",
    "flag_breaks",
    "flag_inconsistent_share",
    "flag_incomplete_last_year",
    "flag_panel",
    "flag_source_series",
    "inherit_input_flags",
    "ALLOWED_UNITS",
    "COUNTRIES_COLUMNS",
    "INDICATOR_COLUMNS",
    "INDICATOR_UNITS",
    "MISSING_TOKENS",
    "NON_ISO_CODES_DROPPED",
    "SDG_10C_TARGET_PCT",
    "UNDESA_BASE_YEAR",
    "UNDESA_YEAR",
    "UNHCR_COUNT_COLUMNS",
    "UNHCR_NON_COUNTRY_CODES",
    "UNHCR_YEAR",
    "UNIT_CONVERSIONS",
    "UN_MEMBER_COUNT",
    "WDI_MIN_YEAR",
    "WDI_WIDE_INDICATORS",
    "build_countries",
    "build_country_indicators",
    "build_processed",
    "build_processed_tables",
    "build_undesa_indicators",
    "build_unhcr_indicators",
    "build_wdi_indicators",
    "build_wdi_series",
    "check_country_indicators",
    "compute_derived_indicators",
    "drop_unreported_zeros",
    "m49_to_iso3",
    "normalise_units",
    "parse_source_numbers",
    "select_latest",
    "tidy_wdi_long",
    "tidy_wdi_wide",
    "valid_iso3_codes",
    "wdi_economy_codes",
    "write_processed_tables",
]
