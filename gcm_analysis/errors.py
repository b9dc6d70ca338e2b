"""Errors a user can act on.

Every problem found in a user's input is a :class:`Problem` that names where it is
(file, sheet, row, column), the value found and what was expected. Validation
collects all problems before raising one :class:`InputError`, so a user fixes a
file in one pass instead of one error at a time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One located problem in a user's input.

    ``row`` is the row number a user sees in Excel (header = row 1) or ``None``
    when the problem concerns a whole sheet or file. ``severity`` is ``"error"``
    (the input cannot be used) or ``"warning"`` (it can, but something in it is
    not used or looks wrong: an unknown column, a hidden row, an old rate);
    ``gcm validate --strict`` and ``gcm run --strict`` treat warnings as errors.
    """

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = None
    expected: str | None = None
    severity: str = "error"

    @property
    def is_warning(self) -> bool:
        """True for a warning (the input can be used as it is)."""
        return self.severity == "warning"

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.value is not None:
            text += f" (found {self.value!r}"
            text += f"; expected {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" (expected {self.expected})"
        return _printable(("warning: " if self.is_warning else "") + text)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if out["value"] is not None:
            out["value"] = str(out["value"])
        return out


def _printable(text: str) -> str:
    """``text`` with control and invisible formatting characters escaped: sheet
    and column names come from the file, and an escape sequence printed by
    ``gcm validate`` could rewrite the terminal (hide problems, fake an "ok")."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode()
                   for c in text)


def split_warnings(problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """Return ``(errors, warnings)`` from a list of problems, order kept."""
    return ([p for p in problems if not p.is_warning],
            [p for p in problems if p.is_warning])


def as_errors(problems: list[Problem]) -> list[Problem]:
    """The problems with every warning made an error (``--strict``)."""
    from dataclasses import replace

    return [replace(p, severity="error") if p.is_warning else p for p in problems]


class GcmError(Exception):
    """Base class of every error the product raises on purpose."""


class InputError(GcmError):
    """A user's input (plan file, parameter, table) is not usable as given."""

    def __init__(self, problems: list[Problem] | Problem, summary: str | None = None):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.summary = summary or f"{len(self.problems)} problem(s) found"
        super().__init__(self.render())

    def render(self, limit: int = 200) -> str:
        lines = [self.summary + ":"]
        lines += [f"  - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more")
        return "\n".join(lines)


class ParameterError(GcmError):
    """A run parameter is unknown, of the wrong type or out of range."""


@dataclass
class ProblemList:
    """Accumulates problems during validation; raise once at the end."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, **kwargs: Any) -> None:
        self.problems.append(Problem(**kwargs))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self, summary: str | None = None) -> None:
        if self.problems:
            raise InputError(self.problems, summary)
