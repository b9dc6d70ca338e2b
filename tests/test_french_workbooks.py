"""A French run's workbooks read as French: french_lint over every text cell of
tables.xlsx, budget.xlsx and plan.xlsx (cited English titles allowed), and the
workbook lint itself."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import FRENCH_RUN

from gcm_analysis import french_lint
from gcm_analysis.funding.vocabulary import STATUS_CODES
from gcm_analysis.xlsx import write_tables_xlsx


def test_the_workbook_lint_reads_text_cells_and_allows_cited_titles(tmp_path):
    tables = {"t": pd.DataFrame({
        "item": ["Coût total", "the total cost", "Année"],
        "source": ["Réseau des Nations Unies sur les migrations, Implementing the "
                   "GCM: Guidance for Governments and all Relevant Stakeholders",
                   "—", "—"]})}
    path = write_tables_xlsx(tables, tmp_path / "t.xlsx", lang="fr")
    found = french_lint.workbook_problems(path)
    assert len(found) == 1 and found[0].startswith("English 'the'"), found
    assert "Coût total" in french_lint.workbook_text(path)


@pytest.mark.slow
@pytest.mark.xdist_group("chain")
@pytest.mark.parametrize("name", ["tables.xlsx", "budget.xlsx", "plan.xlsx"])
def test_the_french_runs_workbooks_have_no_english(chain_runs, name):
    iso3 = FRENCH_RUN
    root, _ = chain_runs
    # a plan file's identifiers are the validator's, in every language: sheet and
    # column names (unit_cost_likely) and the codes of its choice columns
    # (secured, pledged...), explained in French beside them
    codes = STATUS_CODES if name == "plan.xlsx" else ()
    found = french_lint.workbook_problems(root / iso3 / "r" / name, allowed=codes)
    assert not found, "\n".join(found[:30])
