"""Parameters files (TOML): read, refuse, write from the explorers, and run."""

from __future__ import annotations

import pandas as pd
import pytest

from gcm_analysis import paramfile
from gcm_analysis.errors import ParameterError


def test_a_written_file_reads_back_with_the_schema_types(tmp_path):
    target = tmp_path / "p.toml"
    paramfile.write_params_file(target, {
        "peer_group": "income_group", "weight_need": 1, "weight_priority": 0,
        "weight_feasibility": 0,
        "indicator_weights": {"remittances_received_pct_gdp": 2},
        "must_include": [3, 7], "shock_source_types": ["bilateral"]})
    values = paramfile.read_params_file(target)
    assert values == {"peer_group": "income_group", "weight_need": 1.0,
                      "weight_priority": 0.0, "weight_feasibility": 0.0,
                      "indicator_weights": {"remittances_received_pct_gdp": 2.0},
                      "must_include": [3, 7], "shock_source_types": ["bilateral"]}
    assert target.read_text(encoding="utf-8").startswith("# GCM Workbook")
    # update keeps what the other explorer saved
    paramfile.write_params_file(target, {"top_n": 5})
    assert paramfile.read_params_file(target)["peer_group"] == "income_group"


def test_unknown_keys_wrong_types_and_ranges_name_the_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('peer_grup = "world"\ntop_n = "five"\nshock_share = 2.0\n'
                   'output_root = "/x"\n', encoding="utf-8")
    with pytest.raises(ParameterError) as info:
        paramfile.read_params_file(bad)
    text = str(info.value)
    assert "parameters file bad.toml: unknown key 'peer_grup'; did you mean " \
           "'peer_group'?" in text
    assert "'top_n' must be a int" in text
    assert "output_root" in text and "a file cannot set it" in text
    bad.write_text("shock_share = 2.0\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="bad.toml: parameter 'shock_share'"):
        paramfile.read_params_file(bad)
    bad.write_text("top_n = [", encoding="utf-8")
    with pytest.raises(ParameterError, match="bad.toml: not valid TOML"):
        paramfile.read_params_file(bad)
    with pytest.raises(ParameterError, match="not found"):
        paramfile.read_params_file(tmp_path / "none.toml")


def test_a_batch_refuses_a_file_that_sets_what_is_per_country(tmp_path):
    target = tmp_path / "p.toml"
    target.write_text('country = "KEN"\n', encoding="utf-8")
    with pytest.raises(ParameterError, match="set per country by the batch"):
        paramfile.with_file({}, target, refuse=paramfile.PER_COUNTRY)


def test_gcm_run_takes_the_file_and_its_options_win(tmp_path, monkeypatch):
    from gcm_analysis import cli, runner

    target = tmp_path / "p.toml"
    target.write_text('peer_group = "world"\ntop_n = 5\n'
                      '[indicator_weights]\nmigrant_stock_pct_population = 0.5\n',
                      encoding="utf-8")
    seen = {}

    def fake_run(values, **_):
        seen.update(values)
        raise ParameterError("stop here")

    monkeypatch.setattr(runner, "run_country", fake_run)
    code = cli.main(["run", "PRT", "--params", str(target), "--top-n", "9",
                     "--indicator-weights", "emigrants=2", "--run-id", "x",
                     "--output", str(tmp_path)])
    assert code == cli.EXIT_USAGE
    assert seen["peer_group"] == "world" and seen["top_n"] == 9
    assert seen["indicator_weights"] == {"emigrants": 2.0}
    assert seen["params_file"] == "p.toml"
    assert seen["params_file_sha256"] == paramfile.sha256(target)


def test_gcm_batch_takes_the_file_and_records_it(tmp_path, monkeypatch):
    from gcm_analysis import batch, cli

    target = tmp_path / "p.toml"
    target.write_text('peer_group = "world"\ntop_n = 5\n', encoding="utf-8")
    seen = {}

    def fake_batch(codes, base, **_):
        seen.update(base)
        raise ParameterError("stop here")

    monkeypatch.setattr(batch, "run_batch", fake_batch)
    assert cli.main(["batch", "--countries", "PRT", "--params", str(target),
                     "--top-n", "7", "--output", str(tmp_path)]) == cli.EXIT_USAGE
    assert seen["peer_group"] == "world" and seen["top_n"] == 7
    assert seen["params_file_sha256"] == paramfile.sha256(target)
    assert cli.main(["batch", "--resume", "b", "--params", str(target)]) \
        == cli.EXIT_USAGE


def test_indicator_weights_option_refuses_a_malformed_pair(capsys):
    from gcm_analysis import cli

    with pytest.raises(SystemExit):
        cli.main(["run", "PRT", "--indicator-weights", "nonumber"])
    assert "is not NAME=NUMBER" in capsys.readouterr().err


def _buttons(box):
    import ipywidgets

    found = []
    for child in getattr(box, "children", ()):
        if isinstance(child, ipywidgets.Button):
            found.append((box, child))
        found += _buttons(child)
    return found


@pytest.mark.slow
def test_choices_saved_by_the_explorers_give_the_same_numbers_in_gcm_run(
        tmp_path, monkeypatch):
    """Move the explorers' controls, save, run 00-02 with ``--params``: the
    needs and the selection equal the explorers' own computation."""
    pytest.importorskip("ipywidgets")
    from gcm_analysis import needs as needs_module
    from gcm_analysis import selection as selection_module
    from gcm_analysis import stages, widgets
    from gcm_analysis.cli import main

    monkeypatch.setattr(widgets, "show", lambda *a, **k: None)
    root = tmp_path / "nb"
    stages.start_run("PRT", "nb", root)
    for key in ("profile", "needs"):
        result = stages.run_stage(key, "PRT", "nb", root)
    info, data = result.info, result.inputs.data
    ui = widgets.needs_explorer(
        data["processed/country_latest"], data["processed/countries"],
        data["reference/objective_indicators"], info["titles"], iso3="PRT",
        indicator_labels=info["labels"], save_to=str(tmp_path / "choices.toml"))
    group, sliders = ui.children[0], ui.children[2:-2]
    group.value = "income_group"
    sliders[0].value, sliders[1].value = 2.5, 0.0
    (_, save), = _buttons(ui.children[-1])
    save.click()
    weights = {s.description: s.value for s in sliders}
    labels = {v: k for k, v in info["labels"].items()}
    expected, _ = needs_module.assess_needs(
        data["processed/country_latest"], data["processed/countries"],
        data["reference/objective_indicators"], info["titles"], "PRT",
        "income_group", {labels.get(k, k): v for k, v in weights.items()})

    # the notebook's own parameter: 01 run again with the saved file
    again = stages.run_stage("needs", "PRT", "nb", root,
                             params_file=str(tmp_path / "choices.toml"))
    assert again.inputs.params["peer_group"] == "income_group"
    sel = stages.run_stage("selection", "PRT", "nb", root).info
    ui = widgets.selection_explorer(sel["needs"], sel["priorities"], sel["costs"],
                                    top_n=6, iso3="PRT",
                                    save_to=str(tmp_path / "choices.toml"))
    assert ui.children[2].disabled and ui.children[3].disabled  # no plan file
    (_, save), = _buttons(ui.children[-2])
    save.click()
    saved = paramfile.read_params_file(tmp_path / "choices.toml")
    assert saved["peer_group"] == "income_group" and saved["top_n"] == 6
    assert saved["weight_need"] == 1.0 and saved["method"] == "top_n"
    candidates = selection_module.combine_criteria(
        sel["needs"], None, sel["costs"], 1.0, 0.0, 0.0)
    chosen = selection_module.select_objectives(candidates, "top_n", 6)

    out = tmp_path / "out"
    code = main(["run", "PRT", "--params", str(tmp_path / "choices.toml"),
                 "--run-id", "cli", "--output", str(out), "--no-pdf"])
    assert code == 0
    run_dir = out / "PRT" / "cli"
    needs = pd.read_csv(run_dir / "needs.csv").set_index("objective_id")
    mine = expected.set_index("objective_id")["need_score"]
    pd.testing.assert_series_equal(needs["need_score"].loc[mine.index], mine,
                                   check_dtype=False, atol=1e-9)
    selection = pd.read_csv(run_dir / "selection.csv")
    assert sorted(selection.loc[selection["is_selected"], "objective_id"]) == \
        sorted(chosen.loc[chosen["is_selected"], "objective_id"])
    import json

    record = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    assert record["parameters"]["params_file_sha256"] == paramfile.sha256(
        tmp_path / "choices.toml")
    assert record["parameters"]["peer_group"] == "income_group"
