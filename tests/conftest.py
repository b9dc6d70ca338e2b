"""Shared test fixtures. Tests write only to tmp_path and use the Agg backend."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from gcm_analysis import paths  # noqa: E402


@pytest.fixture(scope="session")
def project_root():
    return paths.ROOT_DIR


#: The session's full-chain runs: three regions and income groups, both languages,
#: with and without a plan (tests that only read a full run share these).
CHAIN_RUNS = {
    "PRT": {"lang": "en", "plan_file": str(paths.PLANS_DIR / "PRT_example.xlsx")},
    "KEN": {"lang": "fr"},
    "PHL": {"lang": "en"},
}
#: The French one of them (the tests of the French pages and workbooks read it)
FRENCH_RUN = next(c for c, extra in CHAIN_RUNS.items() if extra.get("lang") == "fr")


@pytest.fixture(scope="session")
def chain_runs(tmp_path_factory):
    """Run the whole chain (kernels, exports) once for :data:`CHAIN_RUNS`."""
    from gcm_analysis.kernels import WarmKernel
    from gcm_analysis.runner import run_country

    root = tmp_path_factory.mktemp("chain")
    kernel = WarmKernel()
    try:
        results = {iso3: run_country({"country": iso3, "run_id": "r", **extra},
                                     output_root=root, executor=kernel.execute)
                   for iso3, extra in CHAIN_RUNS.items()}
    finally:
        kernel.shutdown()
    return root, results


@pytest.fixture
def explorer_outputs(monkeypatch):
    """Texts of the figures and column names of the tables that the JupyterLab
    explorers (gcm_analysis.widgets) show, collected instead of displayed."""
    pytest.importorskip("ipywidgets")
    import IPython.display
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from gcm_analysis import widgets

    texts: list[str] = []

    def keep(*objects, **_):
        for obj in objects:
            if isinstance(obj, Figure):
                texts.extend(t.get_text() for t in obj.findobj(Text))
            elif hasattr(getattr(obj, "data", None), "columns"):  # a pandas Styler
                texts.extend(str(c) for c in obj.data.columns)
            elif hasattr(obj, "data"):  # IPython's HTML or Markdown
                texts.append(str(obj.data))
            else:
                texts.append(str(obj))

    monkeypatch.setattr(widgets, "show", keep)
    monkeypatch.setattr(IPython.display, "display", keep)
    return texts


def pytest_collection_modifyitems(config, items):
    # Slow (kernel) tests first, so xdist spreads the long ones across workers early.
    items.sort(key=lambda item: 0 if item.get_closest_marker("slow") else 1)
