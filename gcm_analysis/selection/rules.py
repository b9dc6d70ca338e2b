"""The rules a selection must respect, as one checked object."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .checks import check_selection_parameters


@dataclass(frozen=True)
class SelectionRules:
    """What a selection must respect (see :func:`select_objectives`)."""

    method: str = "budget"
    top_n: int = 8
    threshold: float = 50.0
    budget_envelope_usd: float = 0.0
    must_include: tuple[int, ...] = ()
    must_exclude: tuple[int, ...] = ()
    min_per_area: int = 0

    def __post_init__(self) -> None:
        problems = check_selection_parameters(
            method=self.method,
            top_n=self.top_n,
            threshold=self.threshold,
            budget_envelope_usd=self.budget_envelope_usd,
            must_include=list(self.must_include),
            must_exclude=list(self.must_exclude),
            min_per_area=self.min_per_area,
        )
        if problems:
            raise ValueError("; ".join(problems))

    @classmethod
    def build(cls, method: str, top_n: int, threshold: float,
              budget_envelope_usd: float, must_include: Any, must_exclude: Any,
              min_per_area: int) -> SelectionRules:
        """The rules from loosely typed parameters (numbers coerced, lists to
        tuples)."""
        return cls(
            method=method,
            top_n=int(top_n),
            threshold=float(threshold),
            budget_envelope_usd=float(budget_envelope_usd),
            must_include=tuple(int(o) for o in must_include),
            must_exclude=tuple(int(o) for o in must_exclude),
            min_per_area=int(min_per_area),
        )

    def as_kwargs(self) -> dict[str, Any]:
        """The rules as the keyword arguments of :func:`select_objectives` and
        :func:`~gcm_analysis.selection.assess_robustness`."""
        return {"method": self.method, "top_n": self.top_n,
                "threshold": self.threshold,
                "budget_envelope_usd": self.budget_envelope_usd,
                "must_include": list(self.must_include),
                "must_exclude": list(self.must_exclude),
                "min_per_area": self.min_per_area}

    @property
    def method_used(self) -> str:
        """The method applied: ``"budget"`` without an envelope falls back to top_n."""
        if self.method == "budget" and self.budget_envelope_usd <= 0:
            return "top_n"
        return self.method
