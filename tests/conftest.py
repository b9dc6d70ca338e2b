"""Shared test fixtures. Tests write only to tmp_path and use the Agg backend."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from gcm_analysis import paths  # noqa: E402


@pytest.fixture(scope="session")
def project_root():
    return paths.ROOT_DIR


def pytest_collection_modifyitems(config, items):
    # Slow (kernel) tests first, so xdist spreads the long ones across workers early.
    items.sort(key=lambda item: 0 if item.get_closest_marker("slow") else 1)
