"""A worker process that dies breaks Python's process pool; the batch must not let
that fail the countries that had nothing to do with it."""

from __future__ import annotations

import os
import time

from gcm_analysis import batch
from gcm_analysis.cleanup import StopOnSignals


def _crash_or_echo(task):
    """A stand-in for one country's run: ``DIE`` kills its worker, as the system's
    out-of-memory killer would; the others take a moment and succeed."""
    country = task["params"]["country"]
    if country == "DIE":
        time.sleep(0.2)
        os._exit(9)
    time.sleep(0.3)
    return {"country": country, "status": "ok", "error": ""}


def _run(countries, jobs=2):
    records = []
    with StopOnSignals(raise_first=False) as stop:
        batch._run_pool([{"params": {"country": c}} for c in countries], jobs, stop,
                        records.append, target=_crash_or_echo)
    return {r["country"]: r for r in records}


def test_a_dead_worker_fails_only_its_own_country():
    countries = ["AAA", "DIE", "BBB", "CCC", "DDD"]
    records = _run(countries)
    assert sorted(records) == sorted(countries)  # each country once
    assert records["DIE"]["status"] == "failed"
    assert "worker died" in records["DIE"]["error"]
    assert {c for c, r in records.items() if r["status"] == "ok"} == set(countries) - {
        "DIE"}


def test_a_country_that_breaks_the_pool_first_still_leaves_the_rest_to_run():
    records = _run(["DIE", "AAA", "BBB"], jobs=1)
    assert records["DIE"]["status"] == "failed"
    assert records["AAA"]["status"] == records["BBB"]["status"] == "ok"
