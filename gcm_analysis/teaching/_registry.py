"""The exercise registry: what an exercise and a typical mistake are.

:mod:`.exercises` registers the lessons' exercises here; :mod:`.checks` reads
them. Keeping the structures apart from both avoids an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SCALES: tuple[str, ...] = ("money", "share", "score", "choice", "set")
"""Kinds of answers: an amount of money, a share 0-1, a score 0-100, one choice
among options (an id, a letter), or a set of choices."""


@dataclass(frozen=True)
class Mistake:
    """A typical mistake: the wrong answer it produces, or a test of the answer.

    Parameters
    ----------
    code : str
        Names the advice ``ex<id>.mistake.<code>`` in the lesson content.
    value : callable, optional
        Returns the answer this mistake produces (compared like the expected one).
    test : callable, optional
        ``test(answer) -> bool`` for mistakes no single value describes.
    details : callable, optional
        ``details(answer, lang) -> dict`` of values for the advice text.
    """

    code: str
    value: Callable[[], Any] | None = None
    test: Callable[[Any], bool] | None = None
    details: Callable[[Any, str], Mapping[str, Any]] | None = None


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to compute its answer and recognise the usual slips.

    Parameters
    ----------
    exercise_id : str
        ``"<lesson>.<n>"``, e.g. ``"2.4"``.
    scale : str
        One of :data:`SCALES`.
    expected : callable
        Computes the expected answer from the lesson data.
    mistakes : tuple of Mistake
        Checked in order; the first that matches gives the advice.
    choices : callable, optional
        The allowed answers of a ``choice`` or ``set`` exercise.
    currency : str
        Currency of a ``money`` answer (for the text).
    """

    exercise_id: str
    scale: str
    expected: Callable[[], Any]
    mistakes: tuple[Mistake, ...] = ()
    choices: Callable[[], Sequence[Any]] | None = None
    currency: str = ""

    @property
    def lesson(self) -> int:
        return int(self.exercise_id.split(".")[0])


# -------------------------------------------------------------------- registry
_REGISTRY: dict[str, Exercise] = {}


def register(*exercises: Exercise) -> None:
    """Add exercises to the registry (their ids must be new)."""
    for exercise in exercises:
        if exercise.scale not in SCALES:
            raise ValueError(f"unknown scale {exercise.scale!r}")
        if exercise.exercise_id in _REGISTRY:
            raise ValueError(f"exercise {exercise.exercise_id} is already registered")
        _REGISTRY[exercise.exercise_id] = exercise


def _registry() -> dict[str, Exercise]:
    if not _REGISTRY:
        raise RuntimeError("no exercise registered: import gcm_analysis.teaching."
                           "exercises first (gcm_analysis.teaching does)")
    return _REGISTRY


def exercise_ids(lesson: int | None = None) -> list[str]:
    """Return the ids of every exercise (of one lesson), in lesson order."""
    ids = [key for key, ex in _registry().items()
           if lesson is None or ex.lesson == int(lesson)]
    return sorted(ids, key=lambda key: tuple(int(p) for p in key.split(".")))


def get_exercise(exercise_id: str) -> Exercise:
    """Return one exercise, or raise KeyError naming the known ids."""
    registry = _registry()
    key = str(exercise_id).strip()
    if key not in registry:
        raise KeyError(f"no exercise {exercise_id!r}; known: "
                       + ", ".join(exercise_ids()))
    return registry[key]
