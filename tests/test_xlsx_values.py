"""Coded values and known source notes by their French labels in a French
workbook (gcm_analysis.xlsx_values); the CSV keeps the codes."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from conftest import FRENCH_RUN

from gcm_analysis import catalogue, i18n, io, paths, xlsx_values


def test_codes_show_their_labels_in_french_and_stay_codes_in_english():
    frame = pd.DataFrame({
        "status": ["pledged", "scored", "my own status"],
        "cost_type": ["start_up", "recurrent", "contingency"],
        "costing_method": ["bottom_up", "top_down", None],
        "peer_name": ["Sub-Saharan Africa", "Lower middle income", "World"],
        "component": ["direct_start_up", "total", "contingency"],
        "component_name": ["Direct activities: start-up", "Total", "Contingency"],
        "amount": [1.0, 2.0, 3.0]})
    assert xlsx_values.for_people(frame, "en") is frame
    shown = xlsx_values.for_people(frame, "fr")
    assert shown["status"].tolist() == ["Annoncé", "noté", "my own status"]
    assert shown["cost_type"].tolist() == ["démarrage", "récurrent",
                                           "provision pour imprévus"]
    assert shown["costing_method"].tolist()[:2] == ["ascendante", "descendante"]
    assert pd.isna(shown["costing_method"].iloc[2])
    assert shown["peer_name"].tolist() == [
        "Afrique subsaharienne", "Revenu intermédiaire, tranche inférieure", "Monde"]
    assert shown["component_name"].iloc[0].startswith("Activités directes")
    assert shown["amount"].tolist() == [1.0, 2.0, 3.0]
    assert frame["status"].iloc[0] == "pledged"  # the input is not modified
    assert xlsx_values.unlabelled_codes(frame, "fr") == {"status": ["my own status"]}


def test_every_source_note_of_the_catalogue_is_a_reference_tables_source():
    """A note whose English left the reference tables would never be used: its
    key is the hash of an English text still found in some table's source."""
    sources = set()
    for path in sorted((paths.REFERENCE_DIR).glob("*.csv")):
        table = pd.read_csv(path)
        if "source" in table.columns:
            sources.update(table["source"].dropna().astype(str))
    notes = {key: entry for key, entry in catalogue.entries("fr").items()
             if key.startswith("source_note.")}
    assert len(notes) >= 15
    for key, entry in notes.items():
        assert key == "source_note." + hashlib.sha1(
            entry.english.encode("utf-8")).hexdigest()[:10]
        assert entry.english in sources or entry.english == "inflation_pct setting", key
        assert entry.translation, key
    for name in ("budgeting_steps", "budgeting_step_checklist",
                 "ideal_budgeting_conditions", "budget_governance_principles",
                 "plan_quality_criteria", "validation_workshop_points"):
        for text in io.read_reference(name)["source"].astype(str).unique():
            assert i18n.source_note(text, "fr"), (name, text[:60])


@pytest.mark.slow
@pytest.mark.xdist_group("chain")
def test_the_french_runs_workbook_has_a_label_for_every_code(chain_runs):
    iso3 = FRENCH_RUN
    root, _ = chain_runs
    missing = {}
    for path in sorted((root / iso3 / "r").glob("*.csv")):
        for column, values in xlsx_values.unlabelled_codes(
                pd.read_csv(path), "fr").items():
            missing[f"{path.stem}.{column}"] = values
    assert not missing, missing
