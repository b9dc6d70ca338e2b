"""Exercise checks: expected answers computed from the lesson data, targeted feedback.

An :class:`Exercise` knows how to compute its expected answer with the package's
own functions (never a number typed in), and the typical mistakes: each
:class:`Mistake` either computes the wrong answer a slip produces (forgetting the
support activities, converting in the wrong direction, counting pledges as
secured...) or tests the answer directly. :func:`check` compares an answer with
the expected value, then with each mistake in turn, and returns a
:class:`Feedback` that says what to look at, in English or French. Texts live in
the lesson content (``gcm_analysis/teaching/content``), keyed by exercise:
``ex<id>.prompt``, ``.hint1``, ``.hint2``, ``.correct``, ``.wrong`` and
``.mistake.<code>``.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .prose import check_lang, format_amount, format_share, text

SCALES: tuple[str, ...] = ("money", "share", "score", "choice", "set")
"""Kinds of answers: an amount of money, a share 0-1, a score 0-100, one choice
among options (an id, a letter), or a set of choices."""

MONEY_RTOL = 1e-3
"""Money answers are right within 0.1 % (rounding to thousands of XOF passes;
forgetting a price-year adjustment of 3 % on one line in ten does not)."""
SHARE_ATOL = 0.002
SCORE_ATOL = 0.5

_SYMBOLS = {"correct": "✓", "incorrect": "✗", "unanswered": "…", "invalid": "?"}
_COLOURS = {"correct": "#2e7d32", "incorrect": "#c62828", "unanswered": "#6d6d6d",
            "invalid": "#ef6c00"}


# ------------------------------------------------------------------ structures
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


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer, shown as ✓ / ✗ with targeted advice.

    ``status`` is ``correct``, ``incorrect``, ``unanswered`` or ``invalid``;
    ``mistake`` names the typical mistake recognised (empty when none). A
    Feedback is true when the answer is correct.
    """

    exercise_id: str
    status: str
    lang: str
    message: str
    hint: str = ""
    mistake: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.is_correct

    @property
    def title(self) -> str:
        return text(0, f"feedback.{self.status}", self.lang,
                    exercise_id=self.exercise_id)

    def _repr_markdown_(self) -> str:
        lines = [f"**{_SYMBOLS[self.status]} {self.title}**", "", self.message]
        if self.hint:
            lines += ["", f"*{text(0, 'feedback.hint_label', self.lang)}* {self.hint}"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        from ..export import markdown2html_cached

        body = markdown2html_cached(self.message)
        hint = ""
        if self.hint:
            label = html.escape(text(0, "feedback.hint_label", self.lang))
            hint = (f"<div class=\"gcm-hint\"><em>{label}</em> "
                    f"{markdown2html_cached(self.hint)}</div>")
        return (f'<div class="gcm-feedback gcm-feedback-{self.status}" '
                f'data-status="{self.status}" data-exercise="{self.exercise_id}" '
                f'style="border-left:4px solid {colour};padding:0.3em 0.8em;'
                f'margin:0.4em 0">'
                f'<strong style="color:{colour}">{_SYMBOLS[self.status]} '
                f"{html.escape(self.title)}</strong>{body}{hint}</div>")

    def __str__(self) -> str:
        out = f"{_SYMBOLS[self.status]} {self.title}\n{self.message}"
        if self.hint:
            out += f"\n{text(0, 'feedback.hint_label', self.lang)} {self.hint}"
        return out

    def __repr__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Hint:
    """A hint, shown as Markdown."""

    exercise_id: str
    lang: str
    level: int
    message: str

    def _repr_markdown_(self) -> str:
        label = text(0, "feedback.hint_title", self.lang,
                     exercise_id=self.exercise_id, level=self.level)
        return f"**{label}** {self.message}"

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self._repr_markdown_()


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
    from . import exercises  # noqa: F401  (registers the lessons' exercises)

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


# ------------------------------------------------------------------ normalising
class _Invalid(ValueError):
    """The answer cannot be read as the expected kind."""


def _as_number(answer: Any) -> float:
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise _Invalid()
    value = float(answer)
    if math.isnan(value) or math.isinf(value):
        raise _Invalid()
    return value


def _as_choice(answer: Any) -> str:
    if isinstance(answer, bool):
        raise _Invalid()
    if isinstance(answer, numbers.Real):
        value = float(answer)
        if not value.is_integer():
            raise _Invalid()
        return str(int(value))
    if isinstance(answer, str) and answer.strip():
        return answer.strip().lower().rstrip(").")
    raise _Invalid()


def _as_set(answer: Any) -> frozenset[str]:
    if isinstance(answer, str):
        parts: Iterable[Any] = [p for p in answer.replace(";", ",").split(",")
                                if p.strip()]
    elif isinstance(answer, Iterable) and not isinstance(answer, Mapping):
        parts = list(answer)
    else:
        raise _Invalid()
    values = frozenset(_as_choice(p) for p in parts)
    if not values:
        raise _Invalid()
    return values


def _normalise(exercise: Exercise, answer: Any) -> Any:
    if exercise.scale in ("money", "share", "score"):
        return _as_number(answer)
    if exercise.scale == "choice":
        value = _as_choice(answer)
    else:
        value = _as_set(answer)
    if exercise.choices is not None:
        allowed = {_as_choice(c) for c in exercise.choices()}
        given = {value} if isinstance(value, str) else set(value)
        if not given <= allowed:
            raise _Invalid()
    return value


def _same(exercise: Exercise, answer: Any, target: Any) -> bool:
    if exercise.scale == "money":
        return math.isclose(answer, float(target), rel_tol=MONEY_RTOL, abs_tol=1.0)
    if exercise.scale == "share":
        return abs(answer - float(target)) <= SHARE_ATOL
    if exercise.scale == "score":
        return abs(answer - float(target)) <= SCORE_ATOL
    if exercise.scale == "choice":
        return answer == _as_choice(target)
    return answer == _as_set(target)


def _automatic_mistake(exercise: Exercise, answer: float, expected: float
                       ) -> tuple[str, dict[str, Any]] | None:
    """Slips any number can have: percent for share, zeros, sign."""
    if expected >= 0 > answer:
        return "auto.negative", {}
    if exercise.scale == "share" and abs(answer - 100 * expected) <= 100 * SHARE_ATOL:
        return "auto.pct_for_share", {}
    if exercise.scale == "score" and abs(100 * answer - expected) <= SCORE_ATOL:
        return "auto.share_for_pct", {}
    if exercise.scale == "money" and expected and answer:
        ratio = answer / expected
        exponent = round(math.log10(abs(ratio)))
        if exponent and math.isclose(abs(ratio), 10.0 ** exponent, rel_tol=0.01):
            key = "auto.too_large" if exponent > 0 else "auto.too_small"
            return key, {"factor": f"{10 ** abs(exponent):,}".replace(",", " ")}
    return None


def _sort_key(value: Any) -> tuple[int, Any]:
    text_value = str(value)
    return (0, int(text_value)) if text_value.isdigit() else (1, text_value)


# ---------------------------------------------------------------------- public
def solution(exercise_id: str) -> Any:
    """Return the expected answer, computed from the lesson data.

    Numbers are floats, choices strings or ints as the exercise asks, sets
    sorted lists.
    """
    exercise = get_exercise(exercise_id)
    value = exercise.expected()
    if exercise.scale == "set":
        return sorted(value, key=_sort_key)
    if exercise.scale in ("money", "share", "score"):
        return float(value)
    return value


def format_answer(exercise: Exercise, value: Any, lang: str) -> str:
    """Show an answer the way the lesson writes it."""
    if exercise.scale == "money":
        from .data import read_teaching_plan

        currency = exercise.currency or read_teaching_plan().settings.reporting_currency
        return format_amount(value, currency, lang)
    if exercise.scale == "share":
        return format_share(value, lang)
    if exercise.scale == "score":
        shown = f"{float(value):.1f}"
        return shown.replace(".", ",") if lang == "fr" else shown
    if exercise.scale == "set":
        return ", ".join(str(v) for v in sorted(value, key=_sort_key))
    return str(value)


def hint(exercise_id: str, lang: str = "en", level: int = 1) -> Hint:
    """Return a hint for an exercise (level 1, then 2 for more help)."""
    check_lang(lang)
    exercise = get_exercise(exercise_id)
    level = 2 if level >= 2 else 1
    return Hint(exercise.exercise_id, lang, level,
                text(exercise.lesson, f"ex{exercise.exercise_id}.hint{level}", lang))


def check(exercise_id: str, answer: Any, lang: str = "en") -> Feedback:
    """Check an answer and say what to look at when it is wrong.

    Never raises for a bad answer: an answer of the wrong type gets advice on
    how to write it, ``None`` gets "not answered yet" and a hint.

    Parameters
    ----------
    exercise_id : str
        E.g. ``"2.4"``.
    answer : object
        The participant's answer (``None`` = not answered).
    lang : {"en", "fr"}

    Returns
    -------
    Feedback
    """
    check_lang(lang)
    exercise = get_exercise(exercise_id)
    key = exercise.exercise_id
    lesson = exercise.lesson
    if answer is None or answer is Ellipsis:
        return Feedback(key, "unanswered", lang, text(0, "feedback.not_answered", lang),
                        hint=text(lesson, f"ex{key}.hint1", lang))
    try:
        value = _normalise(exercise, answer)
    except _Invalid:
        choices = ", ".join(str(c) for c in exercise.choices()) if exercise.choices \
            else ""
        return Feedback(key, "invalid", lang,
                        text(0, f"invalid.{exercise.scale}", lang, choices=choices,
                             found=repr(answer)),
                        hint=text(lesson, f"ex{key}.hint1", lang))
    expected = exercise.expected()
    shown = format_answer(exercise, expected, lang)
    if _same(exercise, value, expected):
        return Feedback(key, "correct", lang,
                        text(lesson, f"ex{key}.correct", lang, expected=shown),
                        details={"expected": expected})
    more = text(0, "feedback.more_help", lang, exercise_id=key)
    for mistake in exercise.mistakes:
        if mistake.value is not None:
            wrong = mistake.value()
            if _same(exercise, _normalise_target(exercise, wrong), expected):
                continue  # this slip makes no difference here: never blame it
            matched = _same(exercise, value, wrong)
        else:
            matched = bool(mistake.test and mistake.test(value))
        if matched:
            values = dict(mistake.details(value, lang)) if mistake.details else {}
            message = text(lesson, f"ex{key}.mistake.{mistake.code}", lang, **values)
            return Feedback(key, "incorrect", lang, f"{message} {more}",
                            mistake=mistake.code, details=values)
    if exercise.scale in ("money", "share", "score"):
        found = _automatic_mistake(exercise, value, float(expected))
        if found is not None:
            code, values = found
            return Feedback(key, "incorrect", lang,
                            text(0, code, lang, **values) + " "
                            + text(lesson, f"ex{key}.wrong", lang),
                            mistake=code, details=values)
    message = text(lesson, f"ex{key}.wrong", lang)
    details: dict[str, Any] = {}
    if exercise.scale == "set":
        target = _as_set(expected)
        details = {"n_right": len(value & target), "n_given": len(value),
                   "n_expected": len(target)}
        message = text(0, "generic.set_count", lang, **details) + " " + message
    return Feedback(key, "incorrect", lang, message,
                    hint=text(lesson, f"ex{key}.hint1", lang), details=details)


def _normalise_target(exercise: Exercise, value: Any) -> Any:
    if exercise.scale in ("money", "share", "score"):
        return float(value)
    if exercise.scale == "choice":
        return _as_choice(value)
    return _as_set(value)
