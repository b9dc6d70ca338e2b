"""Needs assessment: scoring on tiny hand-made tables with known answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from gcm_analysis import io, needs, paths
from gcm_analysis.reporting import needs as report

# Five countries in two regions; ZZZ is the synthetic country under study.
COUNTRIES = pd.DataFrame(
    {
        "iso3": ["AAA", "BBB", "CCC", "DDD", "ZZZ", "EEE"],
        "wb_region": ["North", "North", "North", "North", "North", "South"],
        "wb_income_group": [
            "High income",
            "Low income",
            "Low income",
            "Low income",
            "Low income",
            pd.NA,
        ],
    }
)


def panel(rows: list[tuple[str, str, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "iso3": iso3,
                "indicator": ind,
                "year": 2020,
                "value": value,
                "unit": "%",
                "source": "test",
            }
            for iso3, ind, value in rows
        ]
    )


# x: 1..5 in the North (ZZZ = 4), 100 in the South. y: ZZZ missing. z: only 3 values.
INDICATORS = panel(
    [
        ("AAA", "x", 1.0),
        ("BBB", "x", 2.0),
        ("CCC", "x", 3.0),
        ("ZZZ", "x", 4.0),
        ("DDD", "x", 5.0),
        ("EEE", "x", 100.0),
        ("AAA", "y", 1.0),
        ("BBB", "y", 2.0),
        ("CCC", "y", 3.0),
        ("DDD", "y", 4.0),
        ("AAA", "z", 1.0),
        ("BBB", "z", 2.0),
        ("ZZZ", "z", 3.0),
    ]
)


def mapping(rows: list[tuple[int, str, int, float]]) -> pd.DataFrame:
    """A mapping for objectives 1-23: given rows, the others get indicator x."""
    given = {r[0] for r in rows}
    rows = rows + [(o, "x", 1, 1.0) for o in range(1, 24) if o not in given]
    return pd.DataFrame(
        rows, columns=["objective_id", "indicator", "direction", "weight"]
    ).assign(rationale="test")


TITLES = pd.Series({o: f"Objective {o}" for o in range(1, 24)})


def tie_note(first: int, lang: str = "en") -> str:
    """The drivers' closing sentence for objectives first..23, which the filler rows
    of :func:`mapping` (indicator x alone) leave tied."""
    ids = [str(o) for o in range(first, 24)]
    if lang == "fr":
        return (". Scores égaux : les indicateurs disponibles ne permettent pas de "
                f"distinguer les objectifs {', '.join(ids[:-1])} et {ids[-1]}")
    return (". Scores equal: the indicators available cannot tell objectives "
            f"{', '.join(ids[:-1])} and {ids[-1]} apart")


def assess(rows, **kwargs):
    return needs.assess_needs(
        INDICATORS, COUNTRIES, mapping(rows), TITLES, "ZZZ", **kwargs
    )


# ----------------------------------------------------------------- percentiles


@pytest.mark.parametrize(
    ("values", "value", "expected"),
    [
        ([1, 2, 3, 4, 5], 1, 0.0),
        ([1, 2, 3, 4, 5], 5, 100.0),
        ([1, 2, 3, 4, 5], 3, 50.0),
        ([1, 2, 2, 5], 2, 50.0),
        ([7, 7, 7], 7, 50.0),
        ([1, 3], 3, 100.0),
    ],
)
def test_midrank_percentile_known_answers(values, value, expected):
    assert needs.midrank_percentile(pd.Series(values, dtype=float), value) == expected


def test_percentile_is_relative_to_the_peer_group():
    north = needs.score_indicators(INDICATORS, COUNTRIES, "ZZZ", "region", ["x"])
    world = needs.score_indicators(INDICATORS, COUNTRIES, "ZZZ", "world", ["x"])
    assert north.loc[0, "percentile"] == 75.0  # 4 among 1..5
    assert north.loc[0, "peer_median"] == 3.0
    assert north.loc[0, "n_peers"] == 5
    assert world.loc[0, "percentile"] == 60.0  # 4 among 1..5 and 100
    assert world.loc[0, "peer_name"] == "World"


def test_income_group_peers_exclude_other_groups():
    scores = needs.score_indicators(INDICATORS, COUNTRIES, "ZZZ", "income_group", ["x"])
    # Low income: BBB 2, CCC 3, ZZZ 4, DDD 5 -> only 4 peers, fewer than MIN_PEERS.
    assert scores.loc[0, "n_peers"] == 4
    assert scores.loc[0, "status"] == needs.STATUS_TOO_FEW_PEERS
    assert pd.isna(scores.loc[0, "percentile"])
    relaxed = needs.score_indicators(
        INDICATORS, COUNTRIES, "ZZZ", "income_group", ["x"], min_peers=4
    )
    assert relaxed.loc[0, "percentile"] == pytest.approx(200 / 3)


# ------------------------------------------------------------- direction, weights


def test_direction_minus_one_reverses_the_score():
    table, detail = assess([(1, "x", -1, 1.0), (2, "x", 1, 1.0)])
    assert detail.loc[detail["objective_id"] == 1, "score"].item() == 25.0
    assert table.set_index("objective_id").loc[1, "need_score"] == 25.0
    assert table.set_index("objective_id").loc[2, "need_score"] == 75.0


def test_objective_score_is_the_weighted_mean_of_indicator_scores():
    # x scores 75 (4 of 1..5); the same x reversed scores 25.
    data = pd.concat(
        [
            INDICATORS,
            panel(
                [
                    (i, "w", v)
                    for i, v in zip(
                        ["AAA", "BBB", "CCC", "DDD", "ZZZ"],
                        [5.0, 4.0, 3.0, 2.0, 1.0],
                        strict=True,
                    )
                ]
            ),
        ]
    )
    rows = [(1, "x", 1, 3.0), (1, "w", 1, 1.0)]  # w: ZZZ lowest -> 0
    table, detail = needs.assess_needs(data, COUNTRIES, mapping(rows), TITLES, "ZZZ")
    one = detail[detail["objective_id"] == 1]
    assert one["weight"].sum() == pytest.approx(1.0)
    assert table.set_index("objective_id").loc[1, "need_score"] == pytest.approx(
        0.75 * 75 + 0.25 * 0
    )


def test_indicator_weight_multipliers_change_the_mix():
    data = pd.concat(
        [
            INDICATORS,
            panel(
                [
                    (i, "w", v)
                    for i, v in zip(
                        ["AAA", "BBB", "CCC", "DDD", "ZZZ"],
                        [5.0, 4.0, 3.0, 2.0, 1.0],
                        strict=True,
                    )
                ]
            ),
        ]
    )
    rows = [(1, "x", 1, 0.5), (1, "w", 1, 0.5)]
    base, _ = needs.assess_needs(data, COUNTRIES, mapping(rows), TITLES, "ZZZ")
    tilted, _ = needs.assess_needs(
        data, COUNTRIES, mapping(rows), TITLES, "ZZZ", indicator_weights={"w": 0.0}
    )
    assert base.set_index("objective_id").loc[1, "need_score"] == 37.5
    assert tilted.set_index("objective_id").loc[1, "need_score"] == 75.0
    assert tilted.set_index("objective_id").loc[1, "coverage"] == 1.0


def test_negative_indicator_weight_is_refused():
    with pytest.raises(ValueError, match="indicator_weights"):
        assess([], indicator_weights={"x": -1.0})


# ----------------------------------------------------------------- missing data


def test_missing_indicator_is_left_out_not_counted_as_zero():
    table, detail = assess([(1, "x", 1, 0.6), (1, "y", 1, 0.4)])
    row = table.set_index("objective_id").loc[1]
    assert row["need_score"] == 75.0  # x alone, not 0.6 * 75 + 0.4 * 0
    assert row["coverage"] == pytest.approx(0.6)
    y = detail[(detail["objective_id"] == 1) & (detail["indicator"] == "y")]
    assert y["status"].item() == needs.STATUS_MISSING
    assert pd.isna(y["value"].item()) and pd.isna(y["score"].item())
    assert "No data: y" in row["drivers"]


def test_objective_without_any_data_has_no_score_and_no_rank():
    table, _ = assess([(1, "y", 1, 1.0)])
    row = table.set_index("objective_id").loc[1]
    assert pd.isna(row["need_score"])
    assert pd.isna(row["rank"])
    assert row["coverage"] == 0.0
    assert set(table["rank"].dropna()) == set(range(1, 23))


def test_too_few_peers_counts_as_missing_and_is_reported():
    table, _ = assess([(1, "x", 1, 0.5), (1, "z", 1, 0.5)])
    row = table.set_index("objective_id").loc[1]
    assert row["coverage"] == 0.5
    assert "Too few peers" in row["drivers"]


def test_drivers_follow_the_language_with_french_numbers():
    rows = [(1, "x", -1, 0.5), (1, "z", 1, 0.3), (1, "y", 1, 0.2)]
    priorities = pd.DataFrame(
        {"objective_id": range(1, 24), "stakeholder_priority": 2.5}
    )
    labels = {"x": "Migrant stock", "y": "Remittances", "z": "Refugees"}
    kwargs = dict(priorities=priorities, stakeholder_weight=0.25, labels=labels)
    english = assess(rows, **kwargs)[0].set_index("objective_id")["drivers"]
    french = assess(rows, lang="fr", **kwargs)[0].set_index("objective_id")["drivers"]
    assert english[1] == (
        "Stakeholder priority 2.50/3 (score 83, weight 25%); Migrant stock 4.00 "
        "(2020) vs peer median 3.00 (score 25, weight 38%, lower = more need). No "
        "data: Remittances. Too few peers with data (< 5): Refugees"
    )
    assert french[1] == (
        "Priorité des parties prenantes 2,50/3 (score 83, pondération 25 %) ; "
        "Migrant stock 4,00 (2020) contre une médiane des pairs de 3,00 (score 25, "
        "pondération 38\u202f%, plus faible = plus de besoins). Pas de données\u202f: "
        "Remittances. Trop peu de pairs disposant de données (< 5)\u202f: Refugees"
    )
    assert french[2] == (
        "Migrant stock 4,00 (2020) contre une médiane des pairs de 3,00 (score 75, "
        "pondération 75 %) ; Priorité des parties prenantes 2,50/3 (score 83, "
        "pondération 25\u202f%)" + tie_note(2, "fr")
    )


@pytest.mark.parametrize(
    ("scale", "english", "french"),
    [
        (1234.5, "x 4,938 (2020) vs peer median 3,704",
         "x 4\u202f938 (2020) contre une médiane des pairs de 3\u202f704"),
        (12.5, "x 50.0 (2020) vs peer median 37.5",
         "x 50,0 (2020) contre une médiane des pairs de 37,5"),
    ],
)
def test_driver_values_are_written_the_way_the_language_writes_numbers(
    scale, english, french
):
    data = INDICATORS.assign(value=INDICATORS["value"] * scale)
    args = (data, COUNTRIES, mapping([(1, "x", 1, 1.0)]), TITLES, "ZZZ")
    assert needs.assess_needs(*args)[0].at[0, "drivers"].startswith(english)
    text = needs.assess_needs(*args, lang="fr")[0].at[0, "drivers"]
    assert text == f"{french} (score 75, pondération 100\u202f%)" + tie_note(1, "fr")


def test_drivers_without_any_indicator_data_in_french():
    table, _ = assess([(1, "y", 1, 0.5), (1, "z", 1, 0.5)], lang="fr")
    assert table.at[0, "drivers"] == (
        "aucune donnée d'indicateur. Pas de données : y. Trop peu de pairs disposant "
        "de données (< 5)\u202f: z"
    )
    english, _ = assess([(1, "y", 1, 0.5), (1, "z", 1, 0.5)])
    assert english.at[0, "drivers"] == (
        "no indicator data. No data: y. Too few peers with data (< 5): z"
    )


def test_stakeholder_label_defaults_to_the_language_and_bad_languages_are_refused():
    priorities = pd.DataFrame({"objective_id": [1], "stakeholder_priority": [3]})
    detail = needs.add_stakeholder_scores(
        assess([])[1], priorities, stakeholder_weight=0.5
    )
    french = needs.compute_needs(detail, TITLES, lang="fr")
    assert french.at[0, "drivers"] == (
        "Priorité des parties prenantes 3,00/3 (score 100, pondération 50 %) ; "
        "x 4,00 (2020) contre une médiane des pairs de 3,00 (score 75, "
        "pondération 50\u202f%)"
    )
    assert needs.compute_needs(detail, TITLES).at[0, "drivers"] == (
        "Stakeholder priority 3.00/3 (score 100, weight 50%); x 4.00 (2020) vs peer "
        "median 3.00 (score 75, weight 50%)"
    )
    with pytest.raises(ValueError, match="not supported"):
        assess([], lang="de")


def test_ranks_run_from_most_need_with_ties_by_objective_number():
    table, _ = assess([(1, "x", -1, 1.0)])
    ranked = table.dropna(subset=["rank"]).sort_values("rank")
    assert ranked["objective_id"].iloc[0] == 2  # all others tie at 75; lowest id first
    assert ranked["objective_id"].iloc[-1] == 1
    assert table.columns.tolist() == needs.NEEDS_COLUMNS


# ---------------------------------------------------------------- stakeholders


def test_stakeholder_scores_blend_with_the_given_weight():
    priorities = pd.DataFrame({"objective_id": [2, 3], "stakeholder_priority": [3, 0]})
    table, detail = assess([], priorities=priorities, stakeholder_weight=0.5)
    scores = table.set_index("objective_id")["need_score"]
    assert scores[1] == 75.0  # no stakeholder score: indicators only
    assert scores[2] == pytest.approx(0.5 * 75 + 0.5 * 100)
    assert scores[3] == pytest.approx(0.5 * 75 + 0.5 * 0)
    assert table.set_index("objective_id").loc[2, "coverage"] == 1.0
    assert (detail["kind"] == "stakeholder").sum() == 23


def test_zero_stakeholder_weight_leaves_scores_unchanged():
    priorities = pd.DataFrame({"objective_id": [2], "stakeholder_priority": [3]})
    plain, _ = assess([])
    blended, _ = assess([], priorities=priorities, stakeholder_weight=0.0)
    pd.testing.assert_frame_equal(plain, blended)


def test_stakeholder_score_outside_0_3_is_refused():
    priorities = pd.DataFrame({"objective_id": [2], "stakeholder_priority": [4]})
    with pytest.raises(ValueError, match="0 to 3"):
        assess([], priorities=priorities, stakeholder_weight=0.3)


# ------------------------------------------------------------------ parameters


def test_unknown_peer_group_is_refused_with_the_allowed_values():
    problems = needs.check_needs_parameters(peer_group="continent")
    assert problems and "'world', 'region', 'income_group'" in problems[0]
    with pytest.raises(ValueError, match="peer group 'continent'"):
        needs.peer_countries(COUNTRIES, "ZZZ", "continent")


def test_country_without_income_group_cannot_use_that_peer_group():
    problems = needs.check_needs_parameters(
        country="EEE", peer_group="income_group", countries=COUNTRIES
    )
    assert problems and "EEE" in problems[0]
    with pytest.raises(ValueError, match="income_group"):
        needs.peer_countries(COUNTRIES, "EEE", "income_group")


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"stakeholder_weight": -0.1}, "stakeholder_weight"),
        ({"stakeholder_weight": 1.5}, "stakeholder_weight"),
        ({"stakeholder_weight": True}, "stakeholder_weight"),
        ({"stakeholder_weight": 0.3, "plan_file": ""}, "plan_file"),
        ({"indicator_weights": {"x": -1}}, "indicator_weights"),
        ({"indicator_weights": [1, 2]}, "indicator_weights"),
    ],
)
def test_bad_needs_parameters_are_named(params, fragment):
    problems = needs.check_needs_parameters(**params)
    assert problems and fragment in problems[0]


def test_indicator_weights_may_not_switch_off_an_objective():
    problems = needs.check_needs_parameters(
        indicator_weights={"x": 0}, mapping=mapping([])
    )
    assert any("switch off every indicator" in p for p in problems)
    problems = needs.check_needs_parameters(
        indicator_weights={"nope": 1}, mapping=mapping([])
    )
    assert any("'nope'" in p for p in problems)


def test_good_needs_parameters_pass():
    assert (
        needs.check_needs_parameters(
            country="ZZZ",
            peer_group="region",
            stakeholder_weight=0.2,
            plan_file="p.xlsx",
            indicator_weights={"x": 2.0},
            countries=COUNTRIES,
            mapping=mapping([]),
            unrelated=1,
        )
        == []
    )


# ------------------------------------------------------------ reference mapping


def test_mapping_table_covers_all_objectives_and_says_it_is_ours():
    table = io.read_reference("objective_indicators")
    needs.check_mapping(table)
    assert set(table["objective_id"]) == set(range(1, 24))
    sums = table.groupby("objective_id")["weight"].sum()
    assert np.allclose(sums, 1.0)
    assert table["is_our_method"].all()
    assert table["source"].str.contains("not a UN").all()
    assert table["rationale"].str.len().gt(10).all()


def test_no_two_objectives_share_a_mapping_unless_declared_indistinguishable():
    """Two objectives with the same indicators and weights always score the same;
    the reference data must either tell them apart or declare the pair, with a
    reason, in indistinguishable_objectives.csv."""
    table = io.read_reference("objective_indicators")
    declared = io.read_reference("indistinguishable_objectives")
    problems = needs.check_declared_ties(table, declared)
    assert problems == [], "\n".join(problems)
    assert declared.empty or declared["is_our_method"].astype(bool).all()


def test_identical_mappings_are_found_and_must_be_declared_with_a_reason():
    table = mapping([(12, "a", 1, 0.6), (12, "b", 1, 0.4),
                     (13, "a", 1, 3.0), (13, "b", 1, 2.0),  # same once normalised
                     (14, "a", 1, 0.5), (14, "b", 1, 0.5)])
    groups = needs.identical_mappings(table)
    assert (12, 13) in groups and not any(14 in g for g in groups)
    # the filler objectives (indicator x alone) are one more group
    assert tuple(o for o in range(1, 24) if o not in (12, 13, 14)) in groups
    filler = needs.identical_mappings(table[table["objective_id"].isin([12, 13, 14])])
    assert filler == [(12, 13)]
    only = table[table["objective_id"].isin([12, 13, 14])]
    none = pd.DataFrame(columns=["objective_id", "other_objective_id", "reason"])
    assert needs.check_declared_ties(only, none) == [
        "objectives 12 and 13 have identical indicators and weights in "
        "objective_indicators.csv, so they always score the same: give one of them "
        "an indicator that tells them apart, or declare the pair in "
        "indistinguishable_objectives.csv with a reason"]
    declared = pd.DataFrame({"objective_id": [13], "other_objective_id": [12],
                             "reason": ["no panel indicator on detention"]})
    assert needs.check_declared_ties(only, declared) == []
    blank = declared.assign(reason=[" "])
    assert "without a reason" in needs.check_declared_ties(only, blank)[0]
    stale = pd.DataFrame({"objective_id": [12, 12], "other_objective_id": [13, 14],
                          "reason": ["a", "b"]})
    assert needs.check_declared_ties(only, stale) == [
        "indistinguishable_objectives.csv declares objectives 12 and 14, but their "
        "mappings differ: remove the row"]


def test_objective_12_has_an_indicator_of_its_own_against_13_and_says_why():
    """Objective 12 (procedures for screening, assessment and referral, GCM para
    28) also reads the migrant share of the population, which bears on the
    procedures every migrant goes through (action a) but not on detention
    (objective 13, para 29); the rows say the mapping is ours."""
    table = io.read_reference("objective_indicators")
    twelve = table[table["objective_id"] == 12].set_index("indicator")
    thirteen = table[table["objective_id"] == 13].set_index("indicator")
    assert set(twelve.index) - set(thirteen.index) == {"migrant_stock_pct_population"}
    assert "para 28" in twelve.at["migrant_stock_pct_population", "rationale"]
    assert "para 29" in thirteen.at["refugees_asylum_seekers_hosted_per_1000",
                                    "rationale"]
    rows = pd.concat([twelve, thirteen])
    assert rows["is_our_method"].all() and rows["source"].str.contains(
        "not a UN or GCM table").all()


def test_mapping_uses_only_contract_or_derived_indicators():
    contract = (paths.ROOT_DIR / "docs" / "contracts.md").read_text(encoding="utf-8")
    table = io.read_reference("objective_indicators")
    for indicator in table["indicator"].unique():
        assert f"| {indicator} |" in contract or indicator in needs.DERIVED_INDICATORS


def test_derived_indicator_is_computed_from_its_inputs():
    data = panel(
        [
            ("ZZZ", "refugees_asylum_seekers_originating", 50.0),
            ("ZZZ", "population", 10_000.0),
            ("AAA", "population", 1.0),
        ]
    )
    out = needs.add_derived_indicators(data)
    derived = out[out["indicator"] == "refugees_asylum_seekers_originating_per_1000"]
    assert derived["iso3"].tolist() == ["ZZZ"]
    assert derived["value"].item() == 5.0
    assert derived["source"].item().startswith("computed")


# ------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real_inputs():
    if not paths.processed_file("country_indicators").exists():
        pytest.skip("processed data not built")
    from gcm_analysis import reference

    return (
        io.read_processed("country_indicators"),
        reference.countries(),
        io.read_reference("objective_indicators"),
        reference.objective_titles(),
    )


@pytest.mark.parametrize("iso3", ["PRT", "KEN", "PHL"])
def test_every_score_traces_back_to_the_processed_panel(real_inputs, iso3):
    indicators, countries, mapping_table, titles = real_inputs
    table, detail = needs.assess_needs(
        indicators, countries, mapping_table, titles, iso3
    )
    panel_values = needs.add_derived_indicators(indicators).query("iso3 == @iso3")
    lookup = panel_values.set_index("indicator")["value"]
    for row in detail.itertuples(index=False):
        if pd.notna(row.value):
            assert math.isclose(row.value, lookup[row.indicator], rel_tol=1e-12)
        else:
            assert pd.isna(lookup.get(row.indicator, np.nan))
    recomputed = needs.weighted_need_scores(detail).set_index("objective_id")
    by_hand = (
        detail.dropna(subset=["score"])
        .groupby("objective_id")
        .apply(
            lambda g: (g["weight"] * g["score"]).sum() / g["weight"].sum(),
            include_groups=False,
        )
    )
    scores = table.set_index("objective_id")["need_score"]
    assert np.allclose(scores.reindex(by_hand.index), by_hand)
    assert np.allclose(scores, recomputed["need_score"], equal_nan=True)
    assert table["need_score"].dropna().between(0, 100).all()
    assert table["coverage"].between(0, 1).all()
    assert len(table) == 23


def test_reruns_give_identical_results(real_inputs):
    indicators, countries, mapping_table, titles = real_inputs
    first = needs.assess_needs(indicators, countries, mapping_table, titles, "KEN")
    second = needs.assess_needs(indicators, countries, mapping_table, titles, "KEN")
    pd.testing.assert_frame_equal(first[0], second[0])
    assert io.csv_text(first[1]) == io.csv_text(second[1])


def test_objectives_the_data_cannot_tell_apart_are_marked_tied():
    """Objectives 1 and 2 differ only by y, which ZZZ lacks: equal scores, marked
    so in tied_with and in the drivers; with y present they differ."""
    rows = [(1, "x", 1, 0.5), (1, "y", 1, 0.5), (2, "x", 1, 0.5), (2, "z", 1, 0.5),
            (3, "x", 1, 0.5), (3, "y", 1, 0.5)]
    table, detail = assess(rows)
    by_id = table.set_index("objective_id")
    # z has too few peers and y no value: 1, 3 and the x-only fillers tie with 2
    assert by_id.at[1, "need_score"] == by_id.at[2, "need_score"]
    groups = needs.tied_objectives(detail)
    assert len(groups) == 1 and {1, 2, 3} <= set(groups[0])
    assert by_id.at[1, "tied_with"].split(";")[:2] == ["2", "3"]
    assert by_id.at[1, "drivers"].endswith(
        ". Scores equal: the indicators available cannot tell objectives 1, 2, 3, 4, "
        "5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22 and 23 "
        "apart")
    french = assess(rows, lang="fr")[0].set_index("objective_id")
    assert french.at[2, "drivers"].endswith(
        "21, 22 et 23")
    assert ". Scores égaux\u202f: les indicateurs disponibles ne permettent pas de " \
        "distinguer les objectifs 1, 2, 3," in french.at[2, "drivers"]
    # y measured for ZZZ: objectives 1 and 3 still tie (same mapping), 2 no longer
    with_y = INDICATORS[INDICATORS["indicator"] != "y"]
    with_y = pd.concat([with_y, panel([(c, "y", v) for c, v in
                                       [("AAA", 1.0), ("BBB", 2.0), ("CCC", 3.0),
                                        ("DDD", 4.0), ("ZZZ", 4.5)]])])
    table, detail = needs.assess_needs(with_y, COUNTRIES, mapping(rows), TITLES, "ZZZ")
    assert [g for g in needs.tied_objectives(detail) if 1 in g] == [(1, 3)]
    by_id = table.set_index("objective_id")
    assert by_id.at[1, "tied_with"] == "3"
    assert by_id.at[1, "drivers"].endswith(
        ". Scores equal: the indicators available cannot tell objectives 1 and 3 apart")
    # 2 now scores apart from 1 (it still shares x alone with the filler objectives)
    assert by_id.at[2, "tied_with"].split(";")[:2] == ["4", "5"]


def test_stakeholder_scores_can_break_a_tie():
    rows = [(1, "x", 1, 1.0), (2, "x", 1, 1.0)]
    priorities = pd.DataFrame({"objective_id": [1, 2], "stakeholder_priority": [3, 1]})
    table, detail = assess(rows, priorities=priorities, stakeholder_weight=0.2)
    assert not any({1, 2} <= set(g) for g in needs.tied_objectives(detail))
    assert pd.isna(table.set_index("objective_id").at[1, "tied_with"])


@pytest.mark.parametrize("iso3", ["PRT", "KEN", "PHL", "SEN"])
def test_objectives_12_and_13_no_longer_score_the_same(real_inputs, iso3):
    indicators, countries, mapping_table, titles = real_inputs
    table, detail = needs.assess_needs(indicators, countries, mapping_table, titles,
                                       iso3)
    scores = table.set_index("objective_id")["need_score"]
    assert scores[12] != scores[13]
    assert not any({12, 13} <= set(g) for g in needs.tied_objectives(detail))


# --------------------------------------------------------------------- figures


def test_need_figures_have_titles_and_labels():
    table, detail = assess([(1, "y", 1, 1.0)])
    for fig in (
        report.plot_need_ranking(table, {1: "Data"}, "North"),
        report.plot_need_heatmap(detail, table, {1: "Data"}, {"x": "X"}),
    ):
        assert isinstance(fig, Figure)
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel()
    shown = report.format_needs_table(table)
    assert shown.iloc[-1]["Need score"] == "no data"


def test_need_ranking_names_tied_objectives_under_the_chart():
    rows = [(1, "x", 1, 0.5), (1, "y", 1, 0.5)] + [
        (o, "y", 1, 1.0) for o in range(2, 24)]
    table, _ = assess(rows)
    assert report.tie_groups(table) == []
    assert not report.plot_need_ranking(table).texts
    table = table.assign(tied_with=[None, None, "4", "3"] + [None] * 19)
    notes = [text.get_text() for text in report.plot_need_ranking(table).texts]
    assert notes == ["Scores equal: the indicators available cannot tell objectives "
                     "3 and 4 apart."]
    # read back from a CSV the column may hold numbers
    assert report.tie_groups(table.assign(
        tied_with=[2.0, 1.0] + [np.nan] * 21)) == [(1, 2)]
    table = table.assign(tied_with=["2;3", "1;3", "1;2"] + [np.nan] * 20)
    assert report.tie_groups(table) == [(1, 2, 3)]
    french = report.plot_need_ranking(table, lang="fr").texts[0].get_text()
    assert french == ("Scores égaux : les indicateurs disponibles ne permettent pas "
                      "de distinguer les objectifs 1, 2 et 3.")


def _figure_texts(fig: Figure) -> list[str]:
    ax, colorbar = fig.axes
    return [
        ax.get_title(),
        ax.get_xlabel(),
        ax.get_ylabel(),
        colorbar.get_ylabel(),
        *(text.get_text() for text in fig.legends[0].get_texts()),
    ]


def test_need_heatmap_speaks_the_run_language():
    table, detail = assess([(1, "y", 1, 1.0)])
    args = (detail, table, {1: "Data"}, {"x": "X"})
    assert _figure_texts(report.plot_need_heatmap(*args, "North", lang="fr")) == [
        "Ce qui détermine le score de besoin de chaque objectif (pairs\u202f: North)",
        "Indicateur (score 0-100 par rapport aux pairs\u202f; plus élevé = plus de "
        "besoins)",
        "Objectif du Pacte (par rang de besoin)",
        "Score de l'indicateur (centile, sens appliqué)",
        "renseigne l'objectif, pas de données (ou moins de 5 pairs)",
        "vide\u202f: ne le renseigne pas",
    ]
    english = _figure_texts(report.plot_need_heatmap(*args, "World"))
    assert english[:2] == [
        "What drives each objective's need score (peers: World)",
        "Indicator (score 0-100 against peers; higher = more need)",
    ]
    french = report.plot_need_heatmap(*args, "World", lang="fr").axes[0].get_title()
    assert french.endswith("(pairs\u202f: Monde)")  # the world group is named in French


def test_need_tables_speak_french_with_french_numbers():
    table, detail = assess([(1, "y", 1, 1.0), (2, "x", -1, 0.25), (2, "z", 1, 0.75)])
    ranked = report.format_needs_table(table, lang="fr")
    assert ranked.columns.tolist() == [
        "Rang",
        "Objectif",
        "Score de besoin",
        "Couverture des données",
        "Ce qui le détermine (valeur par rapport à la médiane des pairs)",
    ]
    assert ranked.iloc[0, 2:4].tolist() == ["75,0", "100\u202f%"]
    assert ranked.iloc[-1, 2] == "pas de données"
    # the drivers are computed text: shown as they come
    assert ranked.iloc[0, 4] == table.set_index("objective_id").at[3, "drivers"]

    evidence = report.format_indicator_table(
        detail.assign(value=detail["value"] * 1000), {"x": "X"}, lang="fr"
    )
    assert evidence.columns.tolist() == [
        "Indicateur",
        "Valeur",
        "Unité",
        "Année",
        "Médiane des pairs",
        "Pairs disposant de données",
        "Centile",
        "Objectifs renseignés",
        "Source",
    ]
    assert evidence.iloc[0, [1, 4]].tolist() == ["4\u202f000", "3,00"]
    assert evidence.iloc[1]["Source"] == "pas de données"

    shown = report.format_mapping_table(
        mapping([(2, "x", -1, 0.25), (2, "z", 1, 0.75)]), {"x": "X"}, lang="fr"
    )
    assert shown.columns.tolist() == [
        "Objectif",
        "Indicateur",
        "Une valeur plus élevée signifie",
        "Pondération",
        "Justification",
    ]
    assert shown.iloc[:2, 2:4].to_numpy().tolist() == [
        ["moins de besoins", "25\u202f%"],
        ["plus de besoins", "75\u202f%"],
    ]
    english = report.format_mapping_table(mapping([(2, "x", -1, 0.25)]))
    assert english.iloc[0, 2:4].tolist() == ["less need", "25%"]


def test_peer_comparison_sentence_in_both_languages():
    assert report.describe_peer_comparison("KEN", "Sub-Saharan Africa", 48, 0.0) == (
        "**KEN** compared with **Sub-Saharan Africa** (48 countries and "
        "territories). Stakeholder scores weigh 0% of the need score."
    )
    assert report.describe_peer_comparison("Kenya", "World", 217, 0.25, "fr") == (
        "Groupe de pairs du Kenya\u202f: **Monde** (217 pays et territoires). "
        "Les scores des "
        "parties prenantes pèsent 25\u202f% du score de besoin."
    )


def test_needs_explorer_builds_controls_or_falls_back(monkeypatch):
    pytest.importorskip("ipywidgets")
    from gcm_analysis import widgets

    ui = widgets.needs_explorer(
        INDICATORS, COUNTRIES, mapping([(1, "y", 1, 1.0)]), TITLES, "ZZZ"
    )
    # peer-group drop-down, a heading, one slider per indicator (x, y), the output,
    # the save box
    assert len(ui.children) == 6
    assert ui.children[0].options[0] == ("All countries", "world")  # words, not codes
    ui.children[0].value = "world"  # redraws without error
    monkeypatch.setattr(widgets, "_import_widgets", lambda: None)
    assert (
        widgets.needs_explorer(INDICATORS, COUNTRIES, mapping([]), TITLES, "ZZZ")
        is None
    )


def test_needs_explorer_speaks_the_run_language(explorer_outputs):
    pytest.importorskip("ipywidgets")
    from gcm_analysis import widgets
    from gcm_analysis.i18n import t

    shown = explorer_outputs
    ui = widgets.needs_explorer(
        INDICATORS, COUNTRIES, mapping([(1, "y", 1, 1.0)]), TITLES, "ZZZ", lang="fr"
    )
    assert ui.children[0].description == "Groupe de pairs"
    assert "Pondération des indicateurs" in ui.children[1].value
    # ranking chart, heatmap and table, all French
    for key in ("needs.axis_score", "needs.heatmap_axis_objective", "col.need_score"):
        assert t(key, "fr") in shown and t(key, "en") not in shown, key
