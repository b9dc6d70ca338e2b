"""pyproject.toml and environment.yml list the same dependencies."""

from __future__ import annotations

import re
import tomllib

from gcm_analysis import paths


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace(
        "_", "-")


def _pyproject() -> tuple[set[str], dict[str, str]]:
    data = tomllib.loads((paths.ROOT_DIR / "pyproject.toml").read_text())
    project = data["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    return {_name(r) for r in requirements}, {_name(r): r.replace(" ", "")
                                              for r in requirements}


def _environment() -> tuple[set[str], dict[str, str]]:
    names, specs = set(), {}
    text = (paths.ROOT_DIR / "environment.yml").read_text()
    dependencies = text.split("dependencies:", 1)[1]
    for line in dependencies.splitlines():
        match = re.match(r"^\s+-\s+([A-Za-z0-9_.\-]+)([<>=!~].*)?$", line)
        if match and match.group(1) not in {"python", "pip"}:
            name = match.group(1).lower().replace("_", "-")
            names.add(name)
            specs[name] = (match.group(1) + (match.group(2) or "")).replace(" ", "")
    return names, specs


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    py_names, _ = _pyproject()
    env_names, _ = _environment()
    assert py_names - env_names == set(), "in pyproject.toml only"
    assert env_names - py_names == set(), "in environment.yml only"


def test_version_bounds_agree():
    _, py_specs = _pyproject()
    _, env_specs = _environment()
    differing = {n: (py_specs[n], env_specs[n]) for n in py_specs
                 if py_specs[n].lower() != env_specs.get(n, "").lower()}
    assert differing == {}


def test_environment_installs_the_package_itself():
    assert "- -e ." in (paths.ROOT_DIR / "environment.yml").read_text()


def test_jupyterlab_is_not_a_runtime_dependency():
    data = tomllib.loads((paths.ROOT_DIR / "pyproject.toml").read_text())
    runtime = {_name(r) for r in data["project"]["dependencies"]}
    assert "jupyterlab" not in runtime and "notebook" not in runtime
