"""The built tables: assemble, check the contract, build, write.

Three go to ``data/processed/`` (``countries``, ``country_indicators``,
``country_latest``) and one to ``data/reference/`` (``sdg_targets``, the UN's
words of the SDG targets, see :mod:`.sdg_targets`): :func:`built_table_path`
says where each is written and checked.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import io, paths, rawdata
from ..indicators_panel import latest_values
from .checks import flag_panel
from .countries import build_countries
from .derived import compute_derived_indicators
from .knomad import build_knomad_indicators
from .parsing import m49_to_iso3, valid_iso3_codes
from .rules import FLAG_CODES, INDICATOR_COLUMNS, INDICATOR_UNITS
from .sdg_targets import build_sdg_targets
from .undesa import build_undesa_indicators
from .unhcr import build_unhcr_indicators
from .wdi import build_wdi_indicators, build_wdi_series

logger = logging.getLogger(__name__)


def check_country_indicators(
    indicators: pd.DataFrame, valid_iso3: frozenset[str]
) -> pd.DataFrame:
    """Return ``indicators`` unchanged if it meets the contract, else raise.

    Parameters
    ----------
    indicators : DataFrame
        Candidate ``country_indicators`` table.
    valid_iso3 : frozenset of str
        ISO 3166-1 alpha-3 codes.

    Returns
    -------
    DataFrame

    Raises
    ------
    ValueError
        Listing every broken rule (columns, keys, iso3, units, missing values,
        unknown flag codes).
    """
    problems = []
    if list(indicators.columns) != INDICATOR_COLUMNS:
        problems.append(f"columns {list(indicators.columns)} != {INDICATOR_COLUMNS}")
    else:
        if indicators.duplicated(["iso3", "indicator", "year"]).any():
            problems.append("more than one row per (iso3, indicator, year)")
        bad_iso = set(indicators["iso3"]) - valid_iso3
        if bad_iso:
            problems.append(f"iso3 not in ISO 3166-1: {sorted(bad_iso)[:10]}")
        expected_unit = indicators["indicator"].map(INDICATOR_UNITS)
        if expected_unit.isna().any():
            problems.append("unknown indicator(s)")
        elif (expected_unit != indicators["unit"]).any():
            problems.append("unit does not match the contract for some indicator")
        if indicators[["year", "value", "unit", "source"]].isna().any().any():
            problems.append("missing year, value, unit or source")
        codes = {
            code
            for cell in indicators["flag"].dropna()
            for code in str(cell).split(";")
        }
        if codes - set(FLAG_CODES):
            problems.append(f"unknown flag code(s) {sorted(codes - set(FLAG_CODES))}")
    if problems:
        raise ValueError(
            "country_indicators breaks its contract: " + "; ".join(problems)
        )
    return indicators


def build_country_indicators(raw: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Build ``country_indicators`` from the raw tables.

    Parameters
    ----------
    raw : mapping of str to DataFrame
        Raw tables keyed as in :data:`gcm_analysis.rawdata.RAW_FILES`.

    Returns
    -------
    DataFrame
        ``iso3, indicator, year, value, unit, source, flag``: every year the raw
        files give, sorted by ``iso3, indicator, year``; ``flag`` holds the
        reason codes of the series checks (:mod:`.checks`), NA when none.
    """
    valid = valid_iso3_codes(raw["country_codes"])
    wdi = build_wdi_series(raw)
    # XKX and CHI are World Bank economies without an ISO 3166-1 code (see
    # NON_ISO_CODES_DROPPED); the panel is keyed on ISO 3166-1, so they go.
    outside = sorted(set(wdi["population"]["iso3"]) - valid)
    if outside:
        logger.info("World Bank codes outside ISO 3166-1, left out: %s", outside)
    wdi = {name: series[series["iso3"].isin(valid)] for name, series in wdi.items()}
    sources = pd.concat(
        [
            build_wdi_indicators(wdi),
            build_undesa_indicators(
                raw["undesa_destination"],
                raw["undesa_origin_totals"],
                m49_to_iso3(raw["country_codes"]),
            ),
            build_unhcr_indicators(raw["unhcr_population"], valid),
            build_knomad_indicators(raw["knomad_inflows"], valid),
        ],
        ignore_index=True,
    )
    derived = compute_derived_indicators(sources, wdi["population"], wdi["gdp_usd"])
    table = (
        pd.concat([sources, derived], ignore_index=True)
        .sort_values(["iso3", "indicator", "year"], kind="mergesort")
        .reset_index(drop=True)
    )
    table = flag_panel(table)
    table = table.astype(
        {
            "iso3": object,
            "indicator": object,
            "unit": object,
            "source": object,
            "flag": object,
            "year": "int64",
            "value": "float64",
        }
    )
    return check_country_indicators(table, valid)


def build_processed_tables(raw: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Build the processed tables from raw tables (pure).

    Parameters
    ----------
    raw : mapping of str to DataFrame
        Raw tables keyed as in :data:`gcm_analysis.rawdata.RAW_FILES`.

    Returns
    -------
    dict of str to DataFrame
        ``{"countries": ..., "country_indicators": ..., "country_latest": ...}``:
        ``country_latest`` is :func:`gcm_analysis.indicators_panel.latest_values`
        of the panel, the one value per (country, indicator) every analysis
        compares, computed once here instead of in every stage of every run;
        ``sdg_targets`` (a reference table, :data:`REFERENCE_TABLES`) holds the
        SDG targets' words in English and French.
    """
    indicators = build_country_indicators(raw)
    return {
        "countries": build_countries(
            raw["country_codes"], raw["ocha_taxonomy"], raw["wdi_country_metadata"]
        ),
        "country_indicators": indicators,
        "country_latest": latest_values(indicators),
        "sdg_targets": build_sdg_targets(raw["sdg_targets_en"], raw["sdg_targets_fr"]),
    }


#: Built tables written to ``data/reference/`` rather than ``data/processed/``.
REFERENCE_TABLES: tuple[str, ...] = ("sdg_targets",)


def built_table_path(name: str) -> Path:
    """Where the built table ``name`` lives: ``data/reference/<name>.csv`` for
    :data:`REFERENCE_TABLES`, else ``data/processed/<name>.csv``."""
    if name in REFERENCE_TABLES:
        return paths.reference_file(name)
    return paths.processed_file(name)


def build_processed(raw_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Read ``data/raw`` and build the processed tables (nothing is written).

    Parameters
    ----------
    raw_dir : path, optional
        Folder with the raw files (default ``data/raw``).

    Returns
    -------
    dict of str to DataFrame
        ``{"countries": ..., "country_indicators": ...}``.
    """
    return build_processed_tables(rawdata.load_raw_all(raw_dir))


def write_processed_tables(tables: Mapping[str, pd.DataFrame]) -> list[Path]:
    """Write each table to ``data/processed/<name>.csv`` (atomic, deterministic).

    Parameters
    ----------
    tables : mapping of str to DataFrame
        As returned by :func:`build_processed`.

    Returns
    -------
    list of Path
        The files written, in name order (each at :func:`built_table_path`).
    """
    return [io.write_csv_atomic(built_table_path(name), tables[name])
            for name in sorted(tables)]
