"""The stage contract: what a stage gets, what it gives back, how it is declared."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..runfolder import RunSettings


@dataclass
class StageInput:
    """What a stage computes from (all loaded already; nothing to read)."""

    settings: RunSettings
    params: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    data: dict[str, pd.DataFrame] = field(default_factory=dict)
    plan: Any = None

    @property
    def lang(self) -> str:
        return self.settings.lang

    @property
    def country(self) -> str:
        return self.settings.country


@dataclass
class StageResult:
    """A stage's tables (written to the run folder) and what its notebook shows.

    ``info`` holds display values (titles, facts, notes); ``documents`` JSON
    files to write beside the tables; ``plan_workbook`` a plan to write as
    ``plan.xlsx``.
    """

    tables: dict[str, pd.DataFrame]
    info: dict[str, Any] = field(default_factory=dict)
    documents: dict[str, Any] = field(default_factory=dict)
    plan_workbook: Any = None
    inputs: StageInput | None = None
    settings: RunSettings | None = None

    @property
    def lang(self) -> str:
        return self.settings.lang if self.settings else "en"

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


@dataclass(frozen=True)
class Stage:
    """One stage of the chain (see the module docstring)."""

    key: str
    notebook: str
    outputs: tuple[str, ...]
    compute: Callable[[StageInput], StageResult]
    inputs: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    uses_plan: bool = False
