"""Notebook contract (no kernel): stripped, one parameters cell, schema agreement."""

from __future__ import annotations

import ast
import inspect
import json

import papermill
import pytest

from gcm_analysis import paths
from gcm_analysis.parameters import SPECS

NOTEBOOKS = sorted(p for p in paths.NOTEBOOKS_DIR.rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_there_are_notebooks():
    assert any(p.name == "00_country_profile.ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    for cell in _cells(path):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name}: outputs committed"
            assert cell.get("execution_count") is None, f"{path.name}: execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_exactly_one_parameters_cell(path):
    tagged = [c for c in _cells(path)
              if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_kernelspec_is_generic(path):
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert meta.get("kernelspec", {}).get("name") == "python3"


# the stage notebooks 00-05 (compare_countries.ipynb is not a stage)
STAGES = [p for p in NOTEBOOKS if p.parent == paths.NOTEBOOKS_DIR
          and p.name[:2].isdigit()]


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.name)
def test_stage_parameters_agree_with_the_schema(path):
    declared = papermill.inspect_notebook(str(path))
    source = "".join(next(c["source"] for c in _cells(path)
                          if "parameters" in c.get("metadata", {}).get("tags", [])))
    assignments = [line for line in source.splitlines()
                   if line and not line.startswith("#") and "=" in line]
    # papermill silently skips lines it cannot parse (a quote in a comment does it)
    assert len(declared) == len(assignments), f"{path.name}: unparsed parameter lines"
    unknown = set(declared) - set(SPECS)
    assert unknown == set(), f"{path.name} declares parameters the schema lacks"
    for name in ("country", "run_id", "output_root"):
        assert name in declared, f"{path.name} lacks {name}"
    from gcm_analysis.stages import STAGES

    stage = next(s for s in STAGES.values() if s.notebook == path.stem)
    run_settings = {"lang", "plan_file", "currency", "base_year", "horizon_years"}
    own = set(declared) - {"country", "run_id", "output_root", "interactive",
                           "params_file"}
    if path.stem == "00_country_profile":  # sets the run folder up
        assert own == run_settings, f"{path.name}: run settings {own}"
    else:  # a stage's own parameters, the run settings come from the folder
        assert own == set(stage.params), f"{path.name}: {own} != {stage.params}"
    for name, info in declared.items():
        default = eval(info["default"])  # literal defaults written by us
        spec = SPECS[name]
        assert isinstance(default, spec.type) or (
            spec.type is float and isinstance(default, int)), (name, default)
        assert default == spec.default, f"{path.name}: {name} default differs"


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.name)
def test_stage_notebooks_keep_logic_in_the_package(path):
    for cell in _cells(path):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        for banned in ("def ", "class ", "pd.read_", "open(", "sys.path"):
            assert banned not in source, f"{path.name}: '{banned}' in a code cell"


def _package_modules(trees):
    """The notebook's names for the package modules it imports (``report`` ...)."""
    import importlib

    modules = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "gcm_analysis"):
                for alias in node.names:
                    try:
                        module = importlib.import_module(f"{node.module}.{alias.name}")
                    except ModuleNotFoundError:  # a function, not a module
                        continue
                    modules[alias.asname or alias.name] = module
    return modules


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.name)
def test_stage_notebooks_pass_lang_to_every_function_that_takes_it(path):
    """A call that forgets ``lang`` shows English in a French run."""
    trees = [ast.parse("".join(c["source"])) for c in _cells(path)
             if c["cell_type"] == "code"]
    modules = _package_modules(trees)
    forgotten = []
    for tree in trees:
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in modules):
                continue
            function = getattr(modules[node.func.value.id], node.func.attr, None)
            if not callable(function):
                continue
            if "lang" not in inspect.signature(function).parameters:
                continue
            if not (any(k.arg in ("lang", None) for k in node.keywords)
                    or any(isinstance(a, ast.Name) and a.id == "lang"
                           for a in node.args)):
                forgotten.append(f"{node.func.value.id}.{node.func.attr}")
    assert forgotten == [], f"{path.name}: called without lang: {forgotten}"
