"""Read a run's report back and check what it says against the run's tables.

Used by ``tests/test_report_claims.py`` on the session's chain runs: every
number of the executive summary and of the workshop points must be found in,
or computed from, the run tables (within the rounding the text uses), and each
sentence of the workshop points and of the crisis test must be true of them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from gcm_analysis.i18n import t
from gcm_analysis.reference import objective_titles

NNBSP = "\u202f"


def read_tables(run_dir: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p) for p in run_dir.glob("*.csv")}


def report_sections(run_dir: Path) -> dict[str, str]:
    """The report's ``<h2>`` sections as plain text, keyed by heading."""
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    parts = re.split(r"<h2[^>]*>", page)[1:]
    out = {}
    for part in parts:
        heading, _, body = part.partition("</h2>")
        text = html.unescape(re.sub(r"<[^>]+>", " ", body))
        out[html.unescape(re.sub(r"<[^>]+>", "", heading)).rstrip("¶").strip()] = \
            re.sub(r"[ \t\r\n]+", " ", text).strip()
    return out


# ------------------------------------------------------------------ numbers
# the formatter puts a no-break space (U+00A0) between number, scale and currency
_SPACE = r"[ \u00a0]"
_MONEY_EN = re.compile(rf"\b([A-Z]{{3}}){_SPACE}(-?\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?)"
                       rf"(?:{_SPACE}(million|billion))?")
_MONEY_FR = re.compile(r"(-?\d{1,3}(?:[ \u202f\u00a0]\d{3})*(?:,\d+)?)"
                       rf"(?:{_SPACE}(millions?|milliards?))?{_SPACE}"
                       r"([A-Z]{3})\b")
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)[ \u202f\u00a0]?%")


def _number(text: str, lang: str) -> float:
    if lang == "fr":
        return float(text.replace(" ", "").replace(NNBSP, "").replace("\u00a0", "")
                     .replace(",", "."))
    return float(text.replace(",", ""))


def money_figures(text: str, lang: str) -> list[tuple[float, float, str]]:
    """Every amount in ``text``: (value, rounding tolerance, as written)."""
    found = []
    if lang == "fr":
        for match in _MONEY_FR.finditer(text):
            number, unit = match.group(1), match.group(2) or ""
            scale = 1e9 if unit.startswith("milliard") else 1e6 if unit else 1.0
            decimals = len(number.split(",")[1]) if "," in number else 0
            found.append((_number(number, lang) * scale,
                          0.5 * scale * 10 ** -decimals + 0.01, match.group(0)))
    else:
        for match in _MONEY_EN.finditer(text):
            number, unit = match.group(2), match.group(3) or ""
            scale = {"million": 1e6, "billion": 1e9}.get(unit, 1.0)
            decimals = len(number.split(".")[1]) if "." in number else 0
            found.append((_number(number, lang) * scale,
                          0.5 * scale * 10 ** -decimals + 0.01, match.group(0)))
    return found


def percent_figures(text: str, lang: str) -> list[tuple[float, str]]:
    return [(_number(m.group(1), lang), m.group(0)) for m in _PERCENT.finditer(text)]


def strip_names(text: str, names: Iterable[str]) -> str:
    """Remove display names (titles, interventions, sources...) before parsing
    numbers, longest first, so a digit in a name is not read as a figure."""
    for name in sorted({str(n) for n in names if str(n) and str(n) != "nan"},
                       key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def money_candidates(tables: dict[str, pd.DataFrame]) -> list[float]:
    """The amounts a report sentence may quote: run-table values, and the sums
    the report documents (cost per intervention over the plan years)."""
    values: list[float] = []
    for name, columns in (
        ("budget_summary", ["amount_constant", "amount_nominal"]),
        ("budget_by_year", ["amount_constant", "amount_nominal"]),
        ("budget_by_objective", ["amount_constant"]),
        ("budget_by_intervention", ["amount_constant"]),
        ("funding_gap_total", None), ("funding_gap_by_year", None),
        ("funding_crisis_totals", ["baseline_amount", "crisis_amount"]),
        ("funding_crisis", ["baseline_allocated_amount", "crisis_allocated_amount",
                            "change_amount"]),
    ):
        table = tables[name]
        cols = columns or [c for c in table.columns if c.endswith("_amount")]
        values += table[cols].to_numpy(dtype=float).ravel().tolist()
    ranges = tables["budget_uncertainty"]
    total = ranges[ranges["scope"] == "total"]
    values += total[["deterministic", "mean", "p10", "p50", "p90"]].to_numpy(
        dtype=float).ravel().tolist()
    gaps = tables["funding_gaps"]
    values += gaps.groupby("intervention_id")["cost_amount"].sum().tolist()
    values += [abs(v) for v in values]
    return [v for v in values if v == v]


def percent_candidates(tables: dict[str, pd.DataFrame]) -> list[float]:
    gap = tables["funding_gap_total"].iloc[0]
    shares = [gap[c] * 100 for c in tables["funding_gap_total"].columns
              if c.endswith("_share")]
    ranges = tables["budget_uncertainty"]
    shares += ranges["deterministic_percentile"].dropna().tolist()
    shares += (tables["funding_shock"]["share"] * 100).tolist()
    return [s for s in shares if s == s]


def unexplained_numbers(text: str, lang: str, tables: dict[str, pd.DataFrame],
                        names: Iterable[str]) -> list[str]:
    """Every amount or percentage in ``text`` that no table value explains."""
    text = strip_names(text, names)
    amounts = money_candidates(tables)
    shares = percent_candidates(tables)
    missing = [written for value, tol, written in money_figures(text, lang)
               if not any(abs(value - c) <= tol for c in amounts)]
    # a whole percentage is the share rounded to the unit
    missing += [written for value, written in percent_figures(text, lang)
                if not any(abs(value - s) <= 0.5 + 1e-9 for s in shares)]
    return missing


def integers_left(text: str, lang: str, names: Iterable[str]) -> list[int]:
    """Whole numbers other than amounts, percentages and the vocabulary's own
    (P10/P50/P90, 0-100, stage numbers, x/3 scores)."""
    text = strip_names(text, names)
    for pattern in (_MONEY_FR if lang == "fr" else _MONEY_EN, _PERCENT):
        text = pattern.sub(" ", text)
    text = re.sub(r"\bP\d0\b|0-100|\b(?:stage|étape) 0\d|\d/3|\(\d{1,2}\)", " ", text)
    return [int(n) for n in re.findall(r"(?<![\d.,])\d+(?![\d.,])", text)]


def display_names(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    titles = objective_titles(lang, short=True).tolist()
    names = titles + tables["funding_gaps"]["intervention_name"].astype(str).tolist()
    names += tables["funding_gaps"]["ministry"].dropna().astype(str).tolist()
    names += tables["funding_sources"]["source_name"].astype(str).tolist()
    names += tables["funding_mobilisation_plan"]["source_type_name"].dropna() \
        .astype(str).tolist()
    return names


# ------------------------------------------------------------- sentences
def objective_ids(text: str) -> list[int]:
    """Objective ids as the report lists them: ``14 (Consular protection), 3 (...)``."""
    return [int(i) for i in re.findall(r"(?<![\d.,])(\d{1,2}) \(", text)]


def plan_years(tables: dict[str, pd.DataFrame]) -> list[int]:
    return sorted(int(y) for y in tables["budget_by_year"]["year"])


def costed_in_year(tables: dict[str, pd.DataFrame], year: int) -> list[int]:
    by = tables["budget_by_objective_year"]
    rows = by[(by["year"] == year) & (by["amount_constant"] > 0.005)]
    return sorted(int(i) for i in rows["objective_id"])


def label_prefix(text: str) -> str:
    """The words of a label before its first placeholder."""
    return text.split("{", 1)[0].strip()


def summary_heading(lang: str) -> str:
    return t("report.summary_heading", lang)
