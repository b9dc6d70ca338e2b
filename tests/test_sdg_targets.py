"""data/reference/sdg_targets.csv: the 169 SDG targets with their words."""

from __future__ import annotations

from gcm_analysis import reference


def test_every_linked_target_has_its_words_and_a_source():
    targets = reference.sdg_targets()
    assert len(targets) == 169 and targets["sdg_target"].is_unique
    assert (targets["sdg_goal"] == targets["sdg_target"].str.split(".").str[0]
            .astype(int)).all()
    assert targets["title_en"].str.len().gt(20).all()
    # a secondary copy of the UN's lists, not checked against unstats
    assert set(targets["title_en_status"]) == {"partial"}
    assert targets["source"].str.contains("A/RES/70/1").all()
    linked = set(reference.sdg_links()["sdg_target"])
    assert linked <= set(targets["sdg_target"])
    words = targets.set_index("sdg_target")["title_en"]
    assert words["10.7"].startswith("Facilitate orderly, safe, regular and "
                                    "responsible migration")
