"""The plan's ``funding`` and ``assessment`` sheets, and funding reference tables.

Two sheets extend a country's plan workbook (see :mod:`gcm_analysis.plan`):

``funding``
    One row per funding source and year: name, type (from
    ``data/reference/funding_source_types.csv``), status (secured, pledged,
    pipeline, to be mobilised), likelihood (blank = the documented default of the
    status), amount, currency, price year, an optional earmark to an objective
    or an intervention, whether the earmark may be lifted in a crisis, and the
    donor's conditions.
``assessment``
    The readiness self-assessment: a score 0-3 and evidence for each of the five
    ideal conditions for GCM budgeting (Guidance, Action 2), the ten OECD
    principles of budgetary governance, and the ten plan-quality criteria (OUR
    proposal, not the Guide's Tool 8, which was not available to us).

Both sheets are described once, as :class:`gcm_analysis.plan.SheetSpec`, and
registered with the plan's extension point when this module is imported (the
extension point's documented use), so ``read_plan`` validates them like the core
sheets: every problem names file, sheet, Excel row, column, value and what was
expected. :func:`validate_funding_sheet` and :func:`validate_assessment_sheet`
run the same checks on a table held in memory.

This module also reads the funding reference tables (through :mod:`.io`) and the
run-folder tables notebook 04 needs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import io, paths, plan, planio
from .errors import InputError, Problem

# --------------------------------------------------------------- vocabularies
STATUS_CODES: tuple[str, ...] = ("secured", "pledged", "pipeline", "to_be_mobilised")
"""Funding status, most to least certain (``funding_status_defaults.csv``)."""

SOURCE_TYPE_CODES: tuple[str, ...] = (
    "migration_mptf", "national_local_development_funding", "sdg_funds",
    "multilateral_migration_funds", "remittances", "diaspora_contributions",
    "private_sector", "foundations", "social_impact_bonds",
    "public_private_partnerships", "domestic_budget", "bilateral_development_partners",
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

_C = plan.ColumnSpec


def _funding_rules(context: plan.PlanContext) -> list[plan.Rule]:
    rules: list[plan.Rule] = []
    interventions = context.tables.get("interventions")
    if interventions is not None and "intervention_id" in interventions:
        table = interventions.dropna(subset=["intervention_id"]).drop_duplicates(
            "intervention_id")
        objective_of = dict(zip(table["intervention_id"], table["objective_id"],
                                strict=True))
        known = set(objective_of)
        shown = ", ".join(sorted(known)[:8]) + (" ..." if len(known) > 8 else "")
        rules += [
            plan.Rule(
                "earmark_intervention_exists", "earmark_intervention_id",
                "no intervention with this id in the interventions sheet",
                f"an intervention_id from the interventions sheet ({shown or 'none'})",
                lambda d: d["earmark_intervention_id"].isna()
                | d["earmark_intervention_id"].isin(known)),
            plan.Rule(
                "earmarks_agree", "earmark_intervention_id",
                "the earmarked intervention serves another objective than "
                "earmark_objective_id",
                "an intervention of objective earmark_objective_id, or leave "
                "earmark_objective_id blank",
                lambda d: _earmarks_agree(d, objective_of)),
        ]
    settings = context.settings
    if settings is not None:
        currency = settings.reporting_currency
        rules.append(plan.Rule(
            "currency_is_reporting", "currency",
            f"funding must be entered in the plan's reporting currency {currency}",
            currency, lambda d: d["currency"].isna() | (d["currency"] == currency)))
    return rules


def _earmarks_agree(table: pd.DataFrame, objective_of: Mapping[str, Any]) -> pd.Series:
    mapped = table["earmark_intervention_id"].map(objective_of)
    both = table["earmark_objective_id"].notna() & mapped.notna()
    same = pd.Series(True, index=table.index)
    same[both] = (mapped[both].astype(int) == table.loc[both, "earmark_objective_id"]
                  .astype(int))
    return same.astype(bool)


FUNDING_SHEET = plan.SheetSpec(
    name="funding",
    description="One row per funding source and year: what is secured, pledged, in "
    "the pipeline or still to be mobilised, and what it is earmarked to.",
    columns=(
        _C("source_id", "id", "Short code of the source, the same on every row "
           "(year) of one source, e.g. EU-01; blank = made from source_name"),
        _C("source_name", "text", "Name of the source, e.g. 'Ministry of Labour "
           "budget' or 'Migration MPTF joint programme'", required=True,
           max_length=300),
        _C("source_type_code", "choice", "Type of source (see the lists sheet)",
           required=True, choices=SOURCE_TYPE_CODES),
        _C("status", "choice", "secured (budgeted or signed), pledged (announced), "
           "pipeline (proposal submitted or in negotiation), to_be_mobilised (not "
           "yet approached)", required=True, choices=STATUS_CODES),
        _C("likelihood", "number", "Chance the money arrives (0-1); blank = the "
           "default of the status (secured 1, pledged 0.8, pipeline 0.5, "
           "to_be_mobilised 0.2)", unit="share 0-1: type 0.8 for 80 %", minimum=0,
           maximum=1),
        _C("year", "int", "Year the money can be spent", required=True, unit="year",
           minimum=2000, maximum=2100),
        _C("amount", "number", "Amount available in that year", required=True,
           unit="in the row's currency", minimum=0, maximum=plan.MAX_AMOUNT),
        _C("currency", "currency", "Currency of the amount (ISO 4217); the plan's "
           "reporting currency", required=True, dropdown="currency"),
        _C("price_year", "int", "Year whose prices the amount is in (for money of "
           "the year itself: the same as year)", required=True, unit="year",
           minimum=1990, maximum=2100),
        _C("earmark_objective_id", "int", "GCM objective (1-23) the money is "
           "reserved for; blank = not earmarked to an objective", minimum=1,
           maximum=23, dropdown="objective_id"),
        _C("earmark_intervention_id", "id", "intervention_id the money is reserved "
           "for; blank = not earmarked to an intervention"),
        _C("can_reallocate_in_crisis", "yesno", "yes if the earmark may be lifted to "
           "protect essential interventions when money is cut (agreed with the "
           "source); blank = no", default=False, dropdown="yesno"),
        _C("conditions", "text", "Conditions attached (co-financing, reporting, "
           "deadlines)"),
        _C("notes", "text", "Anything else"),
    ),
    unique_together=("source_id", "source_name", "year", "earmark_objective_id",
                     "earmark_intervention_id"),
    rules=_funding_rules,
)


def _assessment_rules(context: plan.PlanContext) -> list[plan.Rule]:
    limits = {code: count for code, count in FRAMEWORK_ITEMS.items()}
    words = "; ".join(f"{code} 1-{count}" for code, count in limits.items())
    return [plan.Rule(
        "item_in_framework", "item_id", "no item with this number in the framework",
        words,
        lambda d: d["framework_code"].isna() | d["item_id"].isna()
        | (d["item_id"] > 10)  # reported by the column's own range check
        | (d["item_id"] <= d["framework_code"].map(limits).astype("Float64"))
        .fillna(True).astype(bool))]


ASSESSMENT_SHEET = plan.SheetSpec(
    name="assessment",
    description="Readiness self-assessment: a score 0-3 and the evidence for each "
    "ideal budgeting condition, budgetary-governance principle and plan-quality "
    "criterion (the last list is the GCM Workbook's proposal, not the Guide's "
    "Tool 8).",
    columns=(
        _C("framework_code", "choice", "ideal_budgeting_conditions (Guidance, Action "
           "2), budget_governance_principles (OECD 2015) or plan_quality_criteria "
           "(GCM Workbook proposal)", required=True, choices=tuple(FRAMEWORK_ITEMS)),
        _C("item_id", "int", "Number of the condition, principle or criterion",
           required=True, minimum=1, maximum=10),
        _C("item_text", "text", "Text of the item (for information; not read)"),
        _C("score", "int", "0 not in place, 1 emerging, 2 partly in place, 3 in "
           "place; blank = not assessed", minimum=0, maximum=SCORE_MAX),
        _C("evidence", "text", "What shows the score: a document, decision or data "
           "source a reviewer can check"),
    ),
    unique_together=("framework_code", "item_id"),
    rules=_assessment_rules,
)


def register_sheets() -> None:
    """Register the ``funding`` and ``assessment`` sheets with the plan workbook.

    Idempotent. Called when this module is imported, which is how the plan's
    extension point (:func:`gcm_analysis.plan.register_sheet`) expects it.
    """
    for spec in (FUNDING_SHEET, ASSESSMENT_SHEET):
        plan.register_sheet(spec, replace_existing=True)


register_sheets()


# ------------------------------------------------------------------ validation
def _validate(spec: plan.SheetSpec, table: pd.DataFrame | planio.RawSheet, file: str,
              settings: plan.PlanSettings | None,
              tables: Mapping[str, pd.DataFrame]) -> tuple[pd.DataFrame, list[Problem]]:
    return plan.validate_sheet(spec, table, file, settings, tables)


def validate_funding_sheet(
    table: pd.DataFrame | planio.RawSheet,
    file: str = "plan",
    settings: plan.PlanSettings | None = None,
    interventions: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert and check a ``funding`` sheet; return the typed sheet and problems.

    Parameters
    ----------
    table : DataFrame or RawSheet
        The sheet as read (cells as text or numbers; a DataFrame's first row is
        Excel row 2).
    file : str
        Label of the file, used in each problem.
    settings : PlanSettings, optional
        The plan's settings; with them the currency must be the reporting one.
    interventions : DataFrame, optional
        The plan's interventions; with them intervention earmarks must exist and
        agree with the objective earmark.

    Returns
    -------
    typed : DataFrame
        One row per sheet row, typed, indexed by Excel row number.
    problems : list of Problem
        Every problem, located (sheet ``funding``, row, column, value, expected).
    """
    tables = {} if interventions is None else {"interventions": interventions}
    return _validate(FUNDING_SHEET, table, file, settings, tables)


def validate_assessment_sheet(
    table: pd.DataFrame | planio.RawSheet, file: str = "plan"
) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert and check an ``assessment`` sheet (see :func:`validate_funding_sheet`).

    Returns
    -------
    typed : DataFrame
    problems : list of Problem
    """
    return _validate(ASSESSMENT_SHEET, table, file, None, {})


# ------------------------------------------------------------------ preparing
def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
    return (slug or "source")[:40]


def prepare_funding(sheet: pd.DataFrame, status_defaults: pd.DataFrame | None = None
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
    status_defaults : DataFrame, optional
        :func:`status_defaults` (read from the reference table when omitted).

    Returns
    -------
    DataFrame
    """
    defaults = status_defaults if status_defaults is not None else (
        read_status_defaults())
    likely = dict(zip(defaults["status_code"], defaults["default_likelihood"],
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


def funding_from_plan(the_plan: plan.Plan) -> pd.DataFrame | None:
    """Return the plan's prepared funding table, or ``None`` when it has none.

    ``None`` (no sheet, or a sheet with no rows) is the cue for the illustrative
    starter scenario (:func:`gcm_analysis.funding.build_starter_funding`).
    """
    sheet = the_plan.extra_sheets.get("funding")
    if sheet is None or len(sheet) == 0:
        return None
    return prepare_funding(sheet)


def assessment_from_plan(the_plan: plan.Plan | None) -> pd.DataFrame:
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
        raise InputError(Problem(
            file=file, sheet="funding", message="the funding table does not have the "
            "prepared columns", value=", ".join(map(str, columns)),
            expected=", ".join(FUNDING_COLUMNS)))
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
            problems.append(Problem(
                file=file, sheet="funding", column=column,
                value=funding[column].iloc[position],
                message=f"funding line {line}: value not allowed",
                expected=_EXPECTED[column]))
    if problems:
        raise InputError(problems, "the funding table is not valid")
    return funding


_EXPECTED = {
    "funding_line_id": "a unique line number",
    "source_id": "a source id",
    "source_name": "a source name",
    "source_type_code": "one of " + ", ".join(SOURCE_TYPE_CODES),
    "status": "one of " + ", ".join(STATUS_CODES),
    "likelihood": "a share from 0 to 1",
    "year": "a year from 2000 to 2100",
    "amount": "a finite amount of at least 0",
    "currency": "an ISO 4217 code",
    "price_year": "a year from 1990 to 2100",
    "earmark_objective_id": "an objective from 1 to 23, or blank",
}


# ----------------------------------------------------------- reference tables
def read_status_defaults() -> pd.DataFrame:
    """Return ``funding_status_defaults.csv``: the default likelihood per status.

    Columns ``status_code, display_order, default_likelihood, text_en, text_fr,
    rationale_en, rationale_fr, follow_up_lead_months, is_our_assumption, status,
    source``; every default is a GCM Workbook assumption, not UN text.
    """
    return io.read_reference("funding_status_defaults").sort_values("display_order")


def read_source_guidance() -> pd.DataFrame:
    """Return ``funding_source_guidance.csv``: per source type, the objectives it
    suits, typical size, channel, lead time and the reason, with fact markers
    ([V] verified, [P] partial, [U] unverified) and the source URL."""
    return io.read_reference("funding_source_guidance").sort_values("suggested_rank")


def read_rag_thresholds() -> pd.DataFrame:
    """Return ``funding_rag_thresholds.csv`` (our red/amber/green coverage bands)."""
    return io.read_reference("funding_rag_thresholds").sort_values("display_order")


def read_assessment_scale() -> pd.DataFrame:
    """Return ``funding_assessment_scale.csv`` (our 0-3 readiness scale)."""
    return io.read_reference("funding_assessment_scale").sort_values("score")


def read_labels() -> pd.DataFrame:
    """Return ``funding_labels.csv``: the report texts of stage 04 in EN and FR."""
    return io.read_reference("funding_labels")


def labels_version() -> int:
    """Return a number that changes when ``funding_labels.csv`` changes (its
    modification time), so cached label lookups stay true to the file."""
    return paths.reference_file("funding_labels").stat().st_mtime_ns


# ------------------------------------------------------------ run-folder input
def read_costing_tables(run_dir: Path | str, name: str = "budget_lines"
                        ) -> pd.DataFrame:
    """Read the costing stage's table from the run folder, or say to run 03 first.

    Raises
    ------
    FileNotFoundError
        If notebook 03 (costing) has not written ``<name>.csv`` into the run
        folder.
    """
    try:
        return io.read_run_table(run_dir, name)
    except FileNotFoundError:
        raise FileNotFoundError(
            f"{name}.csv is missing from the run folder {Path(run_dir).name!r}: run "
            "notebook 03_costing for this country and run id first (resource "
            "mobilisation funds the costs that stage writes)") from None


def read_optional_run_table(run_dir: Path | str, name: str) -> pd.DataFrame | None:
    """Return an earlier stage's table if it is in the run folder, else ``None``."""
    return planio.read_run_table_if_present(run_dir, name)


def read_plan_if_given(plan_file: str) -> plan.Plan | None:
    """Return the validated plan of ``plan_file`` (funding sheets included), or
    ``None`` when no plan file is given (starter plan runs).

    Raises
    ------
    InputError
        Listing every problem of the plan, funding and assessment sheets included.
    """
    if not plan_file:
        return None
    return plan.read_plan(plan_file)


def write_funding_tables(tables: Mapping[str, pd.DataFrame], run_dir: Path | str
                         ) -> list[Path]:
    """Write the stage-04 tables into the run folder (``<name>.csv`` each)."""
    return [io.write_run_table(table, run_dir, name) for name, table in tables.items()]
