"""Series checks of the data build and the latest-unflagged-value rule.

The checks are tested on constructed series (breaks they must flag, smooth series
they must pass); the rule on tiny panels; the needs invariance on the real panel
with a constructed flagged year added.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gcm_analysis import databuild, io, needs, paths, profile
from gcm_analysis.indicators_panel import (
    LATEST_COLUMNS,
    VALUE_COLUMNS,
    as_latest_values,
    latest_values,
)


def series(values, years=None, iso3="AAA"):
    years = years or list(range(2010, 2010 + len(values)))
    return pd.DataFrame({"iso3": iso3, "year": years, "value": values})


def flags(values, **kwargs):
    return databuild.flag_breaks(series(values), **kwargs).tolist()


# ------------------------------------------------------------------ the checks


def test_a_one_year_spike_and_a_one_year_dip_that_revert_are_flagged():
    got = flags([100.0, 105.0, 900.0, 110.0, 20.0, 115.0, 120.0], ratio=3.0)
    assert got == [pd.NA, pd.NA, "spike", pd.NA, "dip", pd.NA, pd.NA]


def test_a_last_year_break_is_flagged_the_year_before_is_not():
    # Portugal, WDI remittances received: 0.78 bn in 2021, 4.69 bn in 2022
    got = flags([723.3e6, 776.6e6, 4694.0e6], ratio=3.0)
    assert got == [pd.NA, pd.NA, "last_year_break"]


def test_a_last_year_is_compared_with_the_year_before_a_spike():
    # Kuwait: 2021 is a spike (x36); 2022 is back at the 2020 level, not a break
    got = flags([25.7e6, 22.5e6, 806.7e6, 27.2e6], ratio=3.0)
    assert got == [pd.NA, pd.NA, "spike", pd.NA]


@pytest.mark.parametrize(
    "values",
    [
        [100.0, 104.0, 108.0, 113.0, 117.0, 122.0],  # smooth growth
        [100.0, 90.0, 80.0, 75.0, 70.0, 72.0],  # smooth fall
        [1.0e3, 1.5e3, 5.0e4, 5.2e4, 5.5e4, 6.0e4],  # a jump confirmed afterwards
        [2.0, 7.0, 1.0, 8.0, 3.0, 9.0],  # large factors, below the 1,000 floor
    ],
)
def test_smooth_or_confirmed_series_pass(values):
    assert all(pd.isna(f) for f in flags(values, ratio=3.0, min_level=1000.0))


def test_values_years_apart_are_not_neighbours():
    got = flags([100.0, 900.0, 100.0], ratio=3.0)
    assert got[1] == "spike"
    far = databuild.flag_breaks(series([100.0, 900.0, 100.0], [2000, 2005, 2010]))
    assert far.isna().all()


def test_a_break_ratio_of_one_or_less_is_refused():
    with pytest.raises(ValueError, match="greater than 1"):
        databuild.flag_breaks(series([1.0, 2.0]), ratio=1.0)


def test_a_last_year_reported_by_few_countries_is_flagged_incomplete():
    rows = pd.concat(
        [series([1.0, 1.0, 1.0], iso3=f"C{i:02d}") for i in range(10)]
        + [series([1.0, 1.0, 1.0, 1.0], iso3="ZZZ")],
        ignore_index=True,
    )
    got = databuild.flag_incomplete_last_year(rows, min_coverage=0.8)
    assert set(rows.loc[got.notna(), "iso3"]) == {"ZZZ"}
    assert set(rows.loc[got.notna(), "year"]) == {2013}
    assert set(got.dropna()) == {"incomplete_year"}
    complete = rows[rows["year"] < 2013]
    assert databuild.flag_incomplete_last_year(complete).isna().all()


def test_a_share_of_gdp_that_its_amount_contradicts_is_flagged():
    amount = pd.DataFrame(
        {"iso3": ["AAA", "BBB"], "year": [2021, 2021], "value": [10.0, 10.0]}
    )
    gdp = amount.assign(value=[1000.0, 1000.0])
    share = amount.assign(value=[1.02, 2.0])  # 1 % implied: AAA agrees, BBB not
    got = databuild.flag_inconsistent_share(share, amount, gdp, tolerance=0.25)
    assert got.tolist() == [pd.NA, "inconsistent_with_amount"]


def test_a_derived_value_inherits_its_inputs_flags():
    panel = pd.DataFrame(
        {
            "iso3": ["AAA"] * 4,
            "indicator": [
                "gdp_usd",
                "population",
                "gdp_per_capita_usd",
                "refugees_asylum_seekers_hosted_per_1000",
            ],
            "year": [2023, 2023, 2023, 2025],
        }
    )
    source = pd.Series(["last_year_break", pd.NA, pd.NA, pd.NA], dtype="string")
    got = databuild.inherit_input_flags(panel, source)
    assert got.tolist() == ["last_year_break", pd.NA, "last_year_break", pd.NA]


# ------------------------------------------------------------------ the rule


def tiny_panel():
    return pd.DataFrame(
        {
            "iso3": ["AAA"] * 4 + ["BBB"] * 2 + ["CCC"],
            "indicator": ["x"] * 7,
            "year": [2019, 2020, 2021, 2022, 2021, 2022, 2010],
            "value": [1.0, 1.1, 1.2, 9.0, 5.0, 50.0, 3.0],
            "unit": ["%"] * 7,
            "source": ["s"] * 7,
            "flag": [pd.NA, pd.NA, pd.NA, "last_year_break", "spike",
                     "last_year_break", pd.NA],
        }
    )


def test_latest_values_take_the_latest_unflagged_and_say_what_they_skipped():
    got = latest_values(tiny_panel()).set_index("iso3")
    assert list(got.reset_index().columns) == LATEST_COLUMNS
    assert (got.at["AAA", "year"], got.at["AAA", "value"]) == (2021, 1.2)
    skipped = (got.at["AAA", "skipped_year"], got.at["AAA", "skipped_value"])
    assert skipped == (2022, 9.0)
    assert got.at["AAA", "skip_reason"] == "last_year_break"
    # every recent value of BBB is flagged: a row without value says why
    assert pd.isna(got.at["BBB", "value"]) and pd.isna(got.at["BBB", "year"])
    assert got.at["BBB", "n_skipped"] == 2
    assert "CCC" not in got.index  # only a 2010 value: older than the cut-off


def test_the_one_value_view_keeps_the_old_columns_and_only_values():
    got = latest_values(tiny_panel(), with_skipped=False)
    assert list(got.columns) == VALUE_COLUMNS
    assert got["iso3"].tolist() == ["AAA"]


def test_a_table_with_one_value_per_indicator_is_used_as_it_is():
    one = tiny_panel().drop(columns="flag").drop_duplicates(["iso3", "indicator"])
    assert as_latest_values(one) is one


def test_a_table_without_the_contract_columns_is_refused_by_name():
    with pytest.raises(ValueError, match="source"):
        latest_values(tiny_panel().drop(columns="source"))


# ---------------------------------------------------------- needs invariance


@pytest.fixture(scope="module")
def real():
    if not paths.processed_file("country_indicators").exists():
        pytest.skip("processed data not built")
    from gcm_analysis import reference

    return (
        io.read_processed("country_indicators"),
        reference.countries(),
        io.read_reference("objective_indicators"),
        reference.objective_titles(),
    )


def _scores(panel, real, iso3="KEN"):
    _, countries, mapping, titles = real
    table, detail = needs.assess_needs(panel, countries, mapping, titles, iso3)
    return table, detail


def test_needs_scores_ignore_a_flagged_newer_value(real):
    panel = real[0]
    before, _ = _scores(panel, real)
    newest = panel[
        (panel["iso3"] == "KEN") & (panel["indicator"] == "emigrants_pct_population")
    ].sort_values("year").tail(1)
    outlier = newest.assign(year=2030, value=newest["value"] * 50, flag="spike")
    after, detail = _scores(pd.concat([panel, outlier], ignore_index=True), real)
    pd.testing.assert_frame_equal(before, after)
    row = detail[detail["indicator"] == "emigrants_pct_population"].iloc[0]
    assert (row["year"], row["skipped_year"], row["skip_reason"]) == (
        2020, 2030, "spike")


def test_needs_scores_move_when_an_unflagged_value_changes(real):
    panel = real[0]
    before, _ = _scores(panel, real)
    newest = panel[
        (panel["iso3"] == "KEN") & (panel["indicator"] == "emigrants_pct_population")
    ].sort_values("year").tail(1)
    changed = newest.assign(year=2030, value=newest["value"] * 50, flag=pd.NA)
    after, _ = _scores(pd.concat([panel, changed], ignore_index=True), real)
    assert not np.allclose(before["need_score"], after["need_score"], equal_nan=True)


def test_every_score_row_carries_the_year_of_its_value(real):
    _, detail = _scores(real[0], real, "PHL")
    scored = detail[detail["status"] == "scored"]
    assert scored["year"].notna().all()
    assert {"skipped_year", "skipped_value", "skip_reason"} <= set(detail.columns)


def test_the_profile_uses_the_latest_unflagged_value(real):
    panel, countries, _, _ = real
    labels = io.read_reference("indicator_labels")
    table = profile.compute_country_profile(panel, countries, "PRT", labels)
    row = table.set_index("indicator").loc["remittances_received_usd"]
    # WDI 2022 (4.69 bn) breaks from 2021 (0.78 bn): 2021 is used, 2022 named
    assert (row["year"], row["skipped_year"]) == (2021, 2022)
    assert row["value"] == pytest.approx(776.6e6, rel=1e-3)
    assert row["skip_reason"] == "last_year_break"


# ------------------------------------------------------------- charts, notes


def test_country_series_marks_the_value_used(real):
    rows = profile.country_series(real[0], "PRT")
    remit = rows[rows["indicator"] == "remittances_received_usd"]
    assert remit.loc[remit["is_used"], "year"].tolist() == [2021]
    assert remit.loc[remit["flag"].notna(), "year"].tolist() == [2022]
    with pytest.raises(ValueError, match="every year"):
        profile.country_series(latest_values(real[0], with_skipped=False), "PRT")


@pytest.mark.parametrize("lang, title", [
    ("en", "Portugal over time"), ("fr", "Évolution des indicateurs du Portugal")])
def test_trend_chart_has_a_panel_per_series_and_marks_flagged_points(
    real, lang, title
):
    from matplotlib.figure import Figure

    from gcm_analysis.i18n import t
    from gcm_analysis.reporting import profile as profile_report

    rows = profile.country_series(real[0], "PRT")
    fig = profile_report.plot_trends(rows, lang, "Portugal")
    assert isinstance(fig, Figure)
    assert fig.get_suptitle() == title
    titles = [ax.get_title().replace("\n", " ") for ax in fig.axes]
    assert titles == [t(f"trend.{name}", lang) for name in profile.TREND_INDICATORS]
    crosses = [line for ax in fig.axes for line in ax.get_lines()
               if line.get_marker() == "x"]
    assert [list(line.get_xdata()) for line in crosses] == [[2022]]


def test_data_notes_say_which_value_was_used_instead(real):
    from gcm_analysis.reporting import profile as profile_report

    panel, countries, _, _ = real
    labels = io.read_reference("indicator_labels")
    table = profile.compute_country_profile(panel, countries, "PRT", labels, "fr")
    notes = profile_report.format_data_notes(table, "fr")
    assert notes.iloc[0].tolist() == [
        "Envois de fonds reçus", "776\u202f567\u202f249", "2021",
        "4\u202f694\u202f000\u202f000", "2022",
        "la dernière année rompt avec la précédente et rien ne la confirme"]
    none = profile_report.format_data_notes(table.assign(skip_reason=pd.NA))
    assert none.empty and "Why it was left out" in none.columns
    phl = profile.compute_country_profile(panel, countries, "PHL", labels)
    with_knomad = profile_report.format_data_notes(
        phl, panel=panel[panel["iso3"] == "PHL"])
    first = with_knomad.set_index("Indicator").loc["Remittances received"]
    # WDI 2022 (9.1 bn) is flagged; KNOMAD 2022 says 38.0 bn
    assert first["Other source, year left out"] == "38,048,724,400"
