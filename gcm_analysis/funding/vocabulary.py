"""The funding vocabulary, in one place: statuses, measures and shares.

Every table, sentence, chart, workbook, manifest and index of the product uses
these words with these meanings (``docs/method_funding.md``, "Vocabulary"):

- **Status** of a funding line: secured (budgeted or signed), pledged
  (announced), pipeline (proposal submitted or in negotiation), to be mobilised
  (not yet approached).
- **Committed** = secured + pledged. Money in the pipeline or still to be
  mobilised is *not* committed: it is a target, never counted as funded.
- **Allocated** = every status: the money the allocation rule puts against a
  cost (committed + pipeline + to be mobilised).
- **Expected** = each allocated amount weighted by its line's likelihood.
- **Gap** = cost − committed; **risk-adjusted gap** = cost − expected.

Each share names its numerator and its denominator (:data:`SHARES`); all are
shares of the cost of the same scope, currency and price year.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

#: Funding statuses, most to least certain.
STATUS_CODES: tuple[str, ...] = ("secured", "pledged", "pipeline", "to_be_mobilised")
#: Statuses whose money is committed (counted against the gap).
COMMITTED_STATUSES: tuple[str, ...] = ("secured", "pledged")
#: Statuses whose money is sought, not committed (targets).
SOUGHT_STATUSES: tuple[str, ...] = ("pipeline", "to_be_mobilised")

#: Money measures of a gap table: column -> what it adds up.
MEASURES: dict[str, str] = {
    "cost_amount": "cost of the scope (constant prices of the price year)",
    "secured_amount": "allocated money with status secured",
    "pledged_amount": "allocated money with status pledged",
    "pipeline_amount": "allocated money with status pipeline (not committed)",
    "to_be_mobilised_amount": "allocated money with status to be mobilised (not "
                              "committed)",
    "committed_amount": "secured + pledged",
    "allocated_amount": "secured + pledged + pipeline + to be mobilised",
    "gap_amount": "cost - committed (never below 0)",
    "expected_funded_amount": "allocated money weighted by each line's likelihood",
    "risk_adjusted_gap_amount": "cost - expected (never below 0)",
}

#: Shares: column -> (numerator, denominator). All divide by the cost.
SHARES: dict[str, tuple[str, str]] = {
    "secured_share": ("secured_amount", "cost_amount"),
    "committed_share": ("committed_amount", "cost_amount"),
    "expected_share": ("expected_funded_amount", "cost_amount"),
    "gap_share": ("gap_amount", "cost_amount"),
}


def add_measures(table: pd.DataFrame) -> pd.DataFrame:
    """Add committed, allocated and gap amounts to a table with the cost and the
    four status amounts (and the expected amount, for the risk-adjusted gap)."""
    out = table.copy()
    out["committed_amount"] = out[[f"{s}_amount" for s in COMMITTED_STATUSES]].sum(
        axis=1)
    out["allocated_amount"] = out[[f"{s}_amount" for s in STATUS_CODES]].sum(axis=1)
    out["gap_amount"] = (out["cost_amount"] - out["committed_amount"]).clip(lower=0.0)
    out["risk_adjusted_gap_amount"] = (
        out["cost_amount"] - out["expected_funded_amount"]).clip(lower=0.0)
    return out


def add_shares(table: pd.DataFrame) -> pd.DataFrame:
    """Add every share of :data:`SHARES` (NA where the cost is 0; at most 1)."""
    out = table.copy()
    for name, (numerator, denominator) in SHARES.items():
        cost = out[denominator]
        out[name] = (out[numerator] / cost.where(cost > 0)).clip(upper=1.0)
    return out


def shares_of(row: Mapping[str, float]) -> dict[str, float]:
    """The shares of one row of amounts (a headline), as plain floats."""
    cost = float(row["cost_amount"])
    return {name: (min(float(row[num]) / cost, 1.0) if cost > 0 else float(np.nan))
            for name, (num, _) in SHARES.items()}
