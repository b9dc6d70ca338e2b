"""Exercise checks: expected answers computed from the lesson data, targeted feedback.

An :class:`Exercise` knows how to compute its expected answer with the package's
own functions (never a number typed in), and the typical mistakes: each
:class:`Mistake` either computes the wrong answer a slip produces (forgetting the
support activities, converting in the wrong direction, counting pledges as
secured...) or tests the answer directly. :func:`check` compares an answer with
the expected value, then with each mistake in turn, and returns a
:class:`Feedback` that says what to look at, in English or French. Texts live in
the message catalogue (:mod:`.messages`), keyed by exercise: ``ex<id>.hint1``,
``.hint2``, ``.correct``, ``.wrong`` and ``.mistake.<code>``. Answers are read
the way participants write numbers in their language (:mod:`.answers`).
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import exercises  # noqa: F401  (registers the lessons' exercises)
from ._format import check_lang, format_amount, format_number, format_share
from ._registry import SCALES, Exercise, Mistake, exercise_ids, get_exercise
from .answers import Unreadable, describe_readings, read_number
from .messages import text

__all__ = ["SCALES", "Exercise", "Feedback", "Hint", "Mistake", "check",
           "exercise_ids", "format_answer", "get_exercise", "hint", "solution"]

MONEY_RTOL = 1e-3
"""Money answers are right within 0.1 % (rounding to thousands of XOF passes;
forgetting a price-year adjustment of 3 % on one line in ten does not)."""
SHARE_ATOL = 0.002
SCORE_ATOL = 0.5

_SYMBOLS = {"correct": "✓", "incorrect": "✗", "unanswered": "…", "invalid": "?"}
_COLOURS = {"correct": "#2e7d32", "incorrect": "#c62828", "unanswered": "#6d6d6d",
            "invalid": "#ef6c00"}


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
        return text(f"feedback.{self.status}", self.lang,
                    exercise_id=self.exercise_id)

    def _repr_markdown_(self) -> str:
        lines = [f"**{_SYMBOLS[self.status]} {self.title}**", "", self.message]
        if self.hint:
            lines += ["", f"*{text('feedback.hint_label', self.lang)}* {self.hint}"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        from ..export import markdown2html_cached

        body = markdown2html_cached(self.message)
        hint = ""
        if self.hint:
            label = html.escape(text("feedback.hint_label", self.lang))
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
            out += f"\n{text('feedback.hint_label', self.lang)} {self.hint}"
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
        label = text("feedback.hint_title", self.lang,
                     exercise_id=self.exercise_id, level=self.level)
        return f"**{label}** {self.message}"

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self._repr_markdown_()


# ------------------------------------------------------------------ normalising
class _Invalid(ValueError):
    """The answer cannot be read as the expected kind."""


_PERCENT_MEANS = {"money": "no", "share": "share", "score": "same"}


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


def _normalise(exercise: Exercise, answer: Any, lang: str = "en") -> Any:
    if exercise.scale in ("money", "share", "score"):
        return read_number(answer, lang, _PERCENT_MEANS[exercise.scale])
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
                text(f"ex{exercise.exercise_id}.hint{level}", lang))


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
    if answer is None or answer is Ellipsis:
        return Feedback(key, "unanswered", lang, text("feedback.not_answered", lang),
                        hint=text(f"ex{key}.hint1", lang))
    try:
        value = _normalise(exercise, answer, lang)
    except (_Invalid, Unreadable) as exc:
        return _unreadable(exercise, answer, lang, exc)
    expected = exercise.expected()
    shown = format_answer(exercise, expected, lang)
    if _same(exercise, value, expected):
        return Feedback(key, "correct", lang,
                        text(f"ex{key}.correct", lang, expected=shown),
                        details={"expected": expected})
    more = text("feedback.more_help", lang, exercise_id=key)
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
            message = text(f"ex{key}.mistake.{mistake.code}", lang, **values)
            return Feedback(key, "incorrect", lang, f"{message} {more}",
                            mistake=mistake.code, details=values)
    if exercise.scale in ("money", "share", "score"):
        found = _automatic_mistake(exercise, value, float(expected))
        if found is not None:
            code, values = found
            return Feedback(key, "incorrect", lang,
                            text(code, lang, **values) + " "
                            + text(f"ex{key}.wrong", lang),
                            mistake=code, details=values)
    message = text(f"ex{key}.wrong", lang)
    details: dict[str, Any] = {}
    if exercise.scale == "set":
        target = _as_set(expected)
        details = {"n_right": len(value & target), "n_given": len(value),
                   "n_expected": len(target)}
        message = text("generic.set_count", lang, **details) + " " + message
    return Feedback(key, "incorrect", lang, message,
                    hint=text(f"ex{key}.hint1", lang), details=details)


def _unreadable(exercise: Exercise, answer: Any, lang: str,
                problem: Exception) -> Feedback:
    """Advice on how to write an answer that could not be read."""
    key = exercise.exercise_id
    found = repr(answer)
    reason = problem.reason if isinstance(problem, Unreadable) else "number"
    if reason == "ambiguous":
        readings = problem.details["readings"]  # type: ignore[attr-defined]
        message = text("invalid.ambiguous", lang, found=found,
                       readings=describe_readings(readings, lang),
                       example=format_number(readings[0], 0, lang))
    elif reason == "percent_not_here":
        message = text("invalid.percent_not_here", lang, found=found)
    else:
        choices = ", ".join(str(c) for c in exercise.choices()) if exercise.choices \
            else ""
        message = text(f"invalid.{exercise.scale}", lang, choices=choices, found=found)
    return Feedback(key, "invalid", lang, message, hint=text(f"ex{key}.hint1", lang),
                    mistake=reason if reason != "number" else "")


def _normalise_target(exercise: Exercise, value: Any) -> Any:
    if exercise.scale in ("money", "share", "score"):
        return float(value)
    if exercise.scale == "choice":
        return _as_choice(value)
    return _as_set(value)
