"""The funding tables every funding function takes: vocabulary, preparation, checks.

Pure: the plan's ``funding`` and ``assessment`` sheets (validated by the plan,
see :mod:`gcm_analysis.funding_sheets`) become the prepared tables here, and
:func:`check_funding_table` states the contract every funding function checks.
Reference tables (status defaults) come in as arguments.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np
import pandas as pd

from ..errors import InputError, Problem, Text, msg
from .vocabulary import STATUS_CODES


class Plan(Protocol):
    """What the funding domain reads of a validated plan
    (:class:`gcm_analysis.plan.Plan`): its extension sheets, typed."""

    @property
    def extra_sheets(self) -> Mapping[str, pd.DataFrame]: ...

# --------------------------------------------------------------- vocabularies

SOURCE_TYPE_CODES: tuple[str, ...] = (
    "migration_mptf", "national_local_development_funding", "sdg_funds",
    "multilateral_migration_funds", "remittances", "diaspora_contributions",
    "private_sector", "foundations", "social_impact_bonds",
    "public_private_partnerships", "domestic_budget", "bilateral_development_partners",
    "ifi_mdb",
)
"""``source_type_code`` of ``funding_source_types.csv`` in its display order (a
test keeps the two equal; kept here so that importing reads no file)."""

FRAMEWORK_ITEMS: dict[str, int] = {
    "ideal_budgeting_conditions": 5,
    "budget_governance_principles": 10,
    "plan_quality_criteria": 10,
}
"""Readiness frameworks (named after their reference table) and their item count."""

SCORE_MAX = 3
"""Readiness scores run from 0 (not in place) to 3 (in place)."""

#: Columns of the prepared funding table every funding function takes.
FUNDING_COLUMNS: tuple[str, ...] = (
    "funding_line_id", "source_id", "source_name", "source_type_code", "status",
    "likelihood", "likelihood_basis", "year", "amount", "currency", "price_year",
    "earmark_objective_id", "earmark_intervention_id", "can_reallocate_in_crisis",
    "conditions", "is_illustrative",
)

#: Columns of the prepared assessment table.
ASSESSMENT_COLUMNS: tuple[str, ...] = ("framework_code", "item_id", "score", "evidence")


# ------------------------------------------------------------------ preparing
def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
    return (slug or "source")[:40]


def prepare_funding(sheet: pd.DataFrame, status_defaults: pd.DataFrame
                    ) -> pd.DataFrame:
    """Return the typed ``funding`` sheet as the table funding functions take.

    Fills ``source_id`` from ``source_name`` where blank, ``likelihood`` from the
    status default where blank (``likelihood_basis`` says which), numbers each row
    (``funding_line_id``, 1 = first data row) and adds ``is_illustrative``
    (False). The result has exactly :data:`FUNDING_COLUMNS`.

    Parameters
    ----------
    sheet : DataFrame
        A validated sheet (:func:`validate_funding_sheet` or
        ``Plan.extra_sheets["funding"]``).
    status_defaults : DataFrame
        The reference table ``funding_status_defaults`` (``status_code,
        default_likelihood``).

    Returns
    -------
    DataFrame
    """
    likely = dict(zip(status_defaults["status_code"],
                      status_defaults["default_likelihood"],
                      strict=True))
    table = sheet.reset_index(drop=True)
    given = pd.to_numeric(table["likelihood"], errors="coerce").astype("Float64")
    names = table["source_name"].astype("string")
    ids = table["source_id"].astype("string")
    ids = ids.where(ids.notna(), names.map(lambda n: _slug(str(n)), na_action="ignore"))
    out = pd.DataFrame({
        "funding_line_id": range(1, len(table) + 1),
        "source_id": ids,
        "source_name": names,
        "source_type_code": table["source_type_code"].astype("string"),
        "status": table["status"].astype("string"),
        "likelihood": given.fillna(table["status"].map(likely).astype("Float64"))
        .astype(float),
        "likelihood_basis": pd.Series(["user" if pd.notna(v) else "status_default"
                                       for v in given], dtype="string"),
        "year": table["year"].astype("Int64"),
        "amount": pd.to_numeric(table["amount"]).astype(float),
        "currency": table["currency"].astype("string"),
        "price_year": table["price_year"].astype("Int64"),
        "earmark_objective_id": table["earmark_objective_id"].astype("Int64"),
        "earmark_intervention_id": table["earmark_intervention_id"].astype("string"),
        "can_reallocate_in_crisis": table["can_reallocate_in_crisis"]
        .astype("boolean").fillna(False).astype(bool),
        "conditions": table["conditions"].astype("string")
        if "conditions" in table else pd.Series(pd.NA, index=table.index,
                                                dtype="string"),
        "is_illustrative": False,
    })
    return out[list(FUNDING_COLUMNS)]


def empty_funding() -> pd.DataFrame:
    """Return a prepared funding table with no rows and the right dtypes."""
    return pd.DataFrame({
        "funding_line_id": pd.Series(dtype="int64"),
        "source_id": pd.Series(dtype="string"),
        "source_name": pd.Series(dtype="string"),
        "source_type_code": pd.Series(dtype="string"),
        "status": pd.Series(dtype="string"),
        "likelihood": pd.Series(dtype=float),
        "likelihood_basis": pd.Series(dtype="string"),
        "year": pd.Series(dtype="Int64"),
        "amount": pd.Series(dtype=float),
        "currency": pd.Series(dtype="string"),
        "price_year": pd.Series(dtype="Int64"),
        "earmark_objective_id": pd.Series(dtype="Int64"),
        "earmark_intervention_id": pd.Series(dtype="string"),
        "can_reallocate_in_crisis": pd.Series(dtype=bool),
        "conditions": pd.Series(dtype="string"),
        "is_illustrative": pd.Series(dtype=bool),
    })


def prepare_assessment(sheet: pd.DataFrame | None) -> pd.DataFrame:
    """Return a validated ``assessment`` sheet as ``framework_code, item_id, score,
    evidence`` (score nullable Int64; an absent sheet gives no rows)."""
    if sheet is None or len(sheet) == 0:
        return pd.DataFrame({
            "framework_code": pd.Series(dtype="string"),
            "item_id": pd.Series(dtype="Int64"),
            "score": pd.Series(dtype="Int64"),
            "evidence": pd.Series(dtype="string"),
        })
    table = sheet.reset_index(drop=True)
    return pd.DataFrame({
        "framework_code": table["framework_code"].astype("string"),
        "item_id": table["item_id"].astype("Int64"),
        "score": table["score"].astype("Int64"),
        "evidence": table["evidence"].astype("string"),
    })


def funding_from_plan(the_plan: Plan, status_defaults: pd.DataFrame
                      ) -> pd.DataFrame | None:
    """Return the plan's prepared funding table, or ``None`` when it has none.

    ``None`` (no sheet, or a sheet with no rows) is the cue for the illustrative
    starter scenario (:func:`gcm_analysis.funding.build_starter_funding`).
    """
    sheet = the_plan.extra_sheets.get("funding")
    if sheet is None or len(sheet) == 0:
        return None
    return prepare_funding(sheet, status_defaults)


def assessment_from_plan(the_plan: Plan | None) -> pd.DataFrame:
    """Return the plan's prepared assessment (no rows when absent)."""
    if the_plan is None:
        return prepare_assessment(None)
    return prepare_assessment(the_plan.extra_sheets.get("assessment"))


# ------------------------------------------------------------- pandera schemas
def funding_schema() -> Any:
    """Return the pandera schema of the prepared funding table.

    Returns
    -------
    pandera.pandas.DataFrameSchema
        Checks types, vocabularies, bounds (``likelihood`` 0-1, ``amount`` >= 0,
        objective 1-23) and one row per ``funding_line_id``.
    """
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "funding_line_id": pa.Column(int, unique=True),
            "source_id": pa.Column("string"),
            "source_name": pa.Column("string"),
            "source_type_code": pa.Column("string", pa.Check.isin(SOURCE_TYPE_CODES)),
            "status": pa.Column("string", pa.Check.isin(STATUS_CODES)),
            "likelihood": pa.Column(float, pa.Check.in_range(0, 1)),
            "likelihood_basis": pa.Column(
                "string", pa.Check.isin(("user", "status_default", "illustrative"))),
            "year": pa.Column("Int64", pa.Check.in_range(2000, 2100)),
            "amount": pa.Column(float, [pa.Check.ge(0),
                                        pa.Check(lambda s: s.abs() < float("inf"))]),
            "currency": pa.Column("string", pa.Check.str_matches(r"^[A-Z]{3}$")),
            "price_year": pa.Column("Int64", pa.Check.in_range(1990, 2100)),
            "earmark_objective_id": pa.Column("Int64", pa.Check.in_range(1, 23),
                                              nullable=True),
            "earmark_intervention_id": pa.Column("string", nullable=True),
            "can_reallocate_in_crisis": pa.Column(bool),
            "conditions": pa.Column("string", nullable=True),
            "is_illustrative": pa.Column(bool),
        },
        strict=True, ordered=True,
    )


def check_funding_table(funding: pd.DataFrame, file: str = "funding") -> pd.DataFrame:
    """Check a prepared funding table (the rules of :func:`funding_schema`).

    Vectorised checks, fast enough to run on every call of every funding
    function; :func:`funding_schema` states the same contract for pandera users
    (a test keeps the two in step).

    Returns
    -------
    DataFrame
        The table, unchanged.

    Raises
    ------
    InputError
        Naming every failing funding line (``funding_line_id``) and column.
    """
    problems: list[Problem] = []
    columns = list(funding.columns)
    if columns != list(FUNDING_COLUMNS):
        raise InputError(Problem.of(
            msg("funding.columns"), file=file, sheet="funding",
            value=", ".join(map(str, columns)), expected=", ".join(FUNDING_COLUMNS)))
    ids = funding["funding_line_id"]
    amount = pd.to_numeric(funding["amount"], errors="coerce").astype(float)
    likelihood = pd.to_numeric(funding["likelihood"], errors="coerce").astype(float)
    year = pd.to_numeric(funding["year"], errors="coerce")
    objective = pd.to_numeric(funding["earmark_objective_id"], errors="coerce")
    checks = {
        "funding_line_id": ids.isna() | ids.duplicated(keep=False),
        "source_id": funding["source_id"].isna(),
        "source_name": funding["source_name"].isna(),
        "source_type_code": ~funding["source_type_code"].isin(SOURCE_TYPE_CODES),
        "status": ~funding["status"].isin(STATUS_CODES),
        "likelihood": ~likelihood.between(0.0, 1.0),
        "year": ~year.between(2000, 2100),
        "amount": ~(amount.ge(0.0) & amount.lt(float("inf"))),
        "currency": ~funding["currency"].astype("string").str.fullmatch(
            r"[A-Z]{3}").fillna(False).astype(bool),
        "price_year": ~pd.to_numeric(funding["price_year"], errors="coerce").between(
            1990, 2100),
        "earmark_objective_id": objective.notna() & ~objective.between(1, 23),
    }
    for column, bad in checks.items():
        for position in np.flatnonzero(bad.fillna(True).to_numpy(dtype=bool)):
            line = ids.iloc[position]
            problems.append(Problem.of(
                msg("funding.line_value", line=line), file=file, sheet="funding",
                column=column, value=funding[column].iloc[position],
                expected=_EXPECTED[column]))
    if problems:
        raise InputError(problems, "the funding table is not valid")
    return funding


_EXPECTED: dict[str, Text] = {  # catalogue keys problem.funding.expect.<column>
    "funding_line_id": msg("funding.expect.funding_line_id"),
    "source_id": msg("funding.expect.source_id"),
    "source_name": msg("funding.expect.source_name"),
    "source_type_code": msg("expect.one_of", choices=", ".join(SOURCE_TYPE_CODES)),
    "status": msg("expect.one_of", choices=", ".join(STATUS_CODES)),
    "likelihood": msg("funding.expect.likelihood"),
    "year": msg("funding.expect.year"),
    "amount": msg("funding.expect.amount"),
    "currency": msg("costs.currency.expected"),
    "price_year": msg("funding.expect.price_year"),
    "earmark_objective_id": msg("funding.expect.earmark_objective_id"),
}
