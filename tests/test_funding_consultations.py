"""Issue 18, "Prepare the consultations": one brief per meeting type the Guidance
names (Action 3, « Mobiliser des ressources », step 1), its five topics
pre-filled from the run. Every amount of a brief is read back from the run
table it names, on the session's chain runs (PRT own plan in English, KEN in
French, PHL in English) and on PRT re-built in French; the report shows them.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import CHAIN_RUNS
from report_claims import read_tables, report_sections

from gcm_analysis import paths
from gcm_analysis.funding import format_money, label
from gcm_analysis.funding.consultations import (
    BRIEF_COLUMNS,
    MEETING_SOURCE_TYPES,
    MEETING_TYPES,
    TOPICS,
    brief_figure,
    build_consultation_briefs,
)
from gcm_analysis.funding.sheets import SOURCE_TYPE_CODES
from gcm_analysis.reporting.mobilisation import render_consultation_briefs

pytestmark = [pytest.mark.xdist_group("chain"), pytest.mark.slow]


@pytest.fixture(scope="module")
def runs(chain_runs):
    root, _ = chain_runs
    return {iso3: {"dir": root / iso3 / "r", "lang": extra["lang"],
                   "tables": read_tables(root / iso3 / "r")}
            for iso3, extra in CHAIN_RUNS.items()}


@pytest.fixture(scope="module")
def checklist():
    return pd.read_csv(paths.ROOT_DIR / "data" / "reference"
                       / "budgeting_step_checklist.csv")


def _check_figures(briefs: pd.DataFrame, tables) -> int:
    n = 0
    for _, row in briefs[briefs["figure"].notna()].iterrows():
        expected = brief_figure(tables, row)
        assert math.isclose(row["figure"], expected, rel_tol=1e-9, abs_tol=1e-6), (
            row["meeting_type"], row["item"], row["figure"], expected)
        n += 1
    return n


@pytest.mark.parametrize("iso3", list(CHAIN_RUNS))
def test_every_brief_figure_is_the_value_of_the_table_it_names(runs, iso3):
    run = runs[iso3]
    briefs = run["tables"]["funding_consultation_briefs"]
    assert list(briefs.columns) == list(BRIEF_COLUMNS)
    assert _check_figures(briefs, run["tables"]) > 10
    # one brief per meeting type, each with the Guidance's five topics in order
    assert list(briefs["meeting_type"].unique()) == list(MEETING_TYPES)
    for _, brief in briefs.groupby("meeting_type"):
        assert list(brief["topic"].unique()) == list(TOPICS)
    # the headline figures are there: total gap and total cost
    total = run["tables"]["funding_gap_total"].iloc[0]
    figures = set(briefs["figure"].dropna().round(6))
    assert round(total["gap_amount"], 6) in figures
    assert round(total["cost_amount"], 6) in figures


def test_briefs_in_french_have_the_same_figures_and_the_guidance_topics(
        runs, checklist):
    tables = runs["PRT"]["tables"]
    english = tables["funding_consultation_briefs"]
    french = build_consultation_briefs(tables, checklist, "fr")
    assert _check_figures(french, tables) > 10
    pd.testing.assert_series_equal(french["figure"], english["figure"].astype(float))
    pd.testing.assert_frame_equal(
        french[["meeting_type", "topic", "source_table", "source_key"]],
        english[["meeting_type", "topic", "source_table", "source_key"]].fillna(""))
    # the topics are the Guidance's words (the checklist's French text as written)
    step3 = checklist[checklist["step_id"] == 3].set_index("item_id")
    for topic, item_id in TOPICS.items():
        texts = set(french.loc[french["topic"] == topic, "topic_text"])
        assert texts == {step3.at[item_id, "text_fr"]}
    assert french["meeting_name"].iloc[0] == label(
        "consult.meeting.government", "fr")


def test_a_wrong_figure_is_caught(runs):
    tables = runs["PHL"]["tables"]
    briefs = tables["funding_consultation_briefs"].copy()
    first = briefs["figure"].first_valid_index()
    briefs.loc[first, "figure"] += 1000.0
    with pytest.raises(AssertionError):
        _check_figures(briefs, tables)


def test_meeting_groups_cover_each_source_type_once():
    codes = [c for group in MEETING_SOURCE_TYPES.values() for c in group]
    assert sorted(codes) == sorted(SOURCE_TYPE_CODES)


@pytest.mark.parametrize("iso3", list(CHAIN_RUNS))
def test_the_report_shows_the_briefs_with_their_amounts(runs, iso3):
    run = runs[iso3]
    lang, briefs = run["lang"], run["tables"]["funding_consultation_briefs"]
    text = " ".join(report_sections(run["dir"]).values())
    assert label("heading.consultations", lang) in text
    # the report shows the first three items of each topic, with their amounts
    shown = briefs.groupby(["meeting_type", "topic"], sort=False).head(3)
    assert shown["figure"].notna().sum() > 10
    for _, row in shown[shown["figure"].notna()].iterrows():
        assert format_money(row["figure"], row["currency"], lang) in text, row["item"]
    assert label("consult.more", lang, n=1).split("1")[0].strip() in text


def test_the_views_topic_reports_the_budget_steps_record(runs):
    tables = runs["PRT"]["tables"]
    briefs = tables["funding_consultation_briefs"]
    views = briefs[briefs["topic"] == "views"]
    steps = tables["funding_budget_steps"].set_index(["step_id", "item_id"])
    assert len(views) == 2 * len(MEETING_TYPES)
    for _, row in views.iterrows():
        item = int(row["source_key"].rsplit("=", 1)[1])
        status = steps.at[(3, item), "status"]
        expected = status if isinstance(status, str) else "not_recorded"
        assert row["item"].endswith(label(f"steps.status.{expected}", "en"))


def test_rendering_escapes_user_text():
    briefs = pd.DataFrame([{
        "meeting_type": "government", "meeting_name": "Gov", "topic": "partners",
        "topic_text": "Partners", "topic_source": "Guidance", "source_table": "t",
        "item": "Partner <script>x</script> *bold*", "figure": 1000.0,
        "currency": "USD", "source_key": "", "source_column": "c"}])
    text = render_consultation_briefs(briefs, "en")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert r"\*bold\*" in text and "USD 1,000" in text
