"""Errors a user can act on.

Every problem found in a user's input is a :class:`Problem` that names where it is
(file, sheet, row, column), the value found and what was expected. Validation
collects all problems before raising one :class:`InputError`, so a user fixes a
file in one pass instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .exceptions import GcmError, ParameterError  # noqa: F401 - their home is a leaf


@dataclass(frozen=True)
class Number:
    """A number inside a message, written the way of the message's language
    (``1,234`` in English, ``1\u202f234`` in French); a year or a row number is
    passed as a plain ``int`` instead and never grouped."""

    value: float
    english: str | None = None
    """A format spec for the English instead (``"g"``: ``1e+15``, as the English
    messages have always written a range's bounds)."""

    def render(self, lang: str) -> str:
        from . import numbers

        if lang == "en" and self.english:
            return format(self.value, self.english)
        shown = f"{float(self.value):f}".rstrip("0")  # its decimals, up to six
        digits = min(6, len(shown.split(".")[1]))
        return numbers.number(self.value, lang, digits=digits)


@dataclass(frozen=True)
class ByLang:
    """A value written differently in each language (a country's name):
    ``texts`` maps ``en``, ``fr`` to the words; English when one is missing."""

    texts: tuple[tuple[str, str], ...]

    def render(self, lang: str) -> str:
        found = dict(self.texts)
        return found.get(lang, found.get("en", ""))


@dataclass(frozen=True)
class Lines:
    """Items shown one a line, each after ``"\n  - "`` (a :class:`Text` or the
    user's own text)."""

    items: tuple[Any, ...]

    def render(self, lang: str) -> str:
        return "".join(f"\n  - {_render_value(item, lang)}" for item in self.items)


@dataclass(frozen=True)
class Text:
    """A message of the catalogue (``key``, a ``problem.*`` or ``cli.*`` entry of
    ``locales/gcm.pot``) and the values of its placeholders, kept so the message
    can be written in any language. A value may itself be a :class:`Text`
    (translated too) or a :class:`Number`; any other value (a sheet name, a
    cell's content, a code) is the user's own text and is never translated."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, str(v))
                                            for k, v in self.values.items()))))

    def render(self, lang: str = "en") -> str:
        from .i18n import t

        return t(self.key, lang, **{name: _render_value(value, lang)
                                    for name, value in self.values.items()})

    def __str__(self) -> str:
        return self.render("en")

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key,
                "values": {k: _value_to_json(v) for k, v in self.values.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Text:
        values = dict(data.get("values") or {})
        return cls(str(data["key"]),
                   {k: _value_from_json(v) for k, v in values.items()})


def msg(key: str, **values: Any) -> Text:
    """The catalogue message ``problem.<key>`` with its placeholder values."""
    return Text(f"problem.{key}", values)


def _render_value(value: Any, lang: str) -> Any:
    if isinstance(value, Text | Number | ByLang | Lines):
        return value.render(lang)
    return value


def _value_to_json(value: Any) -> Any:
    if isinstance(value, Text):
        return {"text": value.to_dict()}
    if isinstance(value, Number):
        return {"number": value.value, "english": value.english}
    if isinstance(value, ByLang):
        return {"by_lang": dict(value.texts)}
    if isinstance(value, Lines):
        return {"lines": [_value_to_json(v) for v in value.items]}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _value_from_json(value: Any) -> Any:
    if isinstance(value, dict) and "text" in value:
        return Text.from_dict(value["text"])
    if isinstance(value, dict) and "number" in value:
        return Number(value["number"], value.get("english"))
    if isinstance(value, dict) and "by_lang" in value:
        return ByLang(tuple(value["by_lang"].items()))
    if isinstance(value, dict) and "lines" in value:
        return Lines(tuple(_value_from_json(v) for v in value["lines"]))
    return value


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
    text: Text | None = None
    expected_text: Text | None = None

    @classmethod
    def of(cls, message: Text, *, expected: Text | str | None = None,
           **fields: Any) -> Problem:
        """A problem whose message (and expectation, when a :class:`Text`) come
        from the catalogue: ``message`` and ``expected`` hold the English for code
        that reads them, :meth:`render` writes them in any language."""
        if isinstance(expected, Text):
            return cls(message=message.render("en"), text=message,
                       expected=expected.render("en"), expected_text=expected,
                       **fields)
        return cls(message=message.render("en"), text=message, expected=expected,
                   **fields)

    @property
    def is_warning(self) -> bool:
        """True for a warning (the input can be used as it is)."""
        return self.severity == "warning"

    def location(self, lang: str = "en") -> str:
        """Where the problem is: file, sheet, row, column (words in ``lang``; the
        names are the user's own and stay as they are)."""
        from .i18n import t

        parts = [self.file]
        if self.sheet:
            parts.append(t("problem.where.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(t("problem.where.row", lang, row=self.row))
        if self.column:
            parts.append(t("problem.where.column", lang, column=self.column))
        return t("problem.where.separator", lang).join(parts)

    def message_in(self, lang: str = "en") -> str:
        """The message in ``lang`` (English for a problem built without a key)."""
        return self.message if self.text is None else self.text.render(lang)

    def expected_in(self, lang: str = "en") -> str | None:
        """What was expected, in ``lang`` (codes and names stay as they are)."""
        return self.expected if self.expected_text is None \
            else self.expected_text.render(lang)

    def render(self, lang: str = "en") -> str:
        """The problem as one line in ``lang``, control characters escaped."""
        from .i18n import t

        expected = self.expected_in(lang)
        where = dict(location=self.location(lang), message=self.message_in(lang))
        if self.value is not None and expected:
            line = t("problem.line.found_expected", lang, **where,
                     value=repr(self.value), expected=expected)
        elif self.value is not None:
            line = t("problem.line.found", lang, **where, value=repr(self.value))
        elif expected:
            line = t("problem.line.expected", lang, **where, expected=expected)
        else:
            line = t("problem.line.plain", lang, **where)
        if self.is_warning:
            line = t("problem.line.warning", lang, line=line)
        return _printable(line)

    def __str__(self) -> str:
        return self.render("en")

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if out["value"] is not None:
            out["value"] = str(out["value"])
        out["text"] = None if self.text is None else self.text.to_dict()
        out["expected_text"] = (None if self.expected_text is None
                                else self.expected_text.to_dict())
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Problem:
        """The problem :meth:`to_dict` wrote (a snapshot without keys reads too)."""
        fields = dict(data)
        for name in ("text", "expected_text"):
            if fields.get(name) is not None:
                fields[name] = Text.from_dict(fields[name])
        return cls(**fields)


_TYPOGRAPHIC_SPACES = frozenset("\u00a0\u202f")
"""No-break spaces French typography puts before ``: ; ! ? %`` and inside
guillemets: printed as they are."""


def _printable(text: str) -> str:
    """``text`` with control and invisible formatting characters escaped: sheet
    and column names come from the file, and an escape sequence printed by
    ``gcm validate`` could rewrite the terminal (hide problems, fake an "ok").
    The no-break spaces of French typography stay (:data:`_TYPOGRAPHIC_SPACES`)."""
    return "".join(c if c.isprintable() or c in _TYPOGRAPHIC_SPACES
                   else c.encode("unicode_escape").decode() for c in text)


def split_warnings(problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """Return ``(errors, warnings)`` from a list of problems, order kept."""
    return ([p for p in problems if not p.is_warning],
            [p for p in problems if p.is_warning])


def as_errors(problems: list[Problem]) -> list[Problem]:
    """The problems with every warning made an error (``--strict``)."""
    from dataclasses import replace

    return [replace(p, severity="error") if p.is_warning else p for p in problems]


class InputError(GcmError):
    """A user's input (plan file, parameter, table) is not usable as given.

    ``summary`` is a :class:`Text` (any language) or an English sentence; the
    problems are written in the language asked (:meth:`render`)."""

    def __init__(self, problems: list[Problem] | Problem,
                 summary: str | Text | None = None):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.summary_text = summary if isinstance(summary, Text) else None
        self.summary = (summary.render("en") if isinstance(summary, Text)
                        else summary) or _count_text("found", len(self.problems)
                                                     ).render("en")
        super().__init__(self.render())

    def render(self, limit: int = 200, lang: str = "en") -> str:
        if self.summary_text is not None:
            summary = self.summary_text.render(lang)
        elif lang == "en":
            summary = self.summary
        else:  # an English sentence from code: the count, in the language asked
            summary = _count_text("found", len(self.problems)).render(lang)
        lines = [summary + (":" if lang == "en" else "\u202f:")]
        lines += [f"  - {p.render(lang)}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append("  " + Text("problem.more", {
                "count": Number(len(self.problems) - limit)}).render(lang))
        return "\n".join(lines)

    def render_in(self, lang: str = "en") -> str:
        return self.render(lang=lang)


def _count_text(what: str, count: int, **values: Any) -> Text:
    """``problem.count.<what>.one`` or ``.many`` with ``{count}`` and ``values``
    (the singular for one; a summary of :class:`InputError`)."""
    form = "one" if count == 1 else "many"
    return Text(f"problem.count.{what}.{form}", {"count": Number(count), **values})


counted = _count_text


@dataclass
class ProblemList:
    """Accumulates problems during validation; raise once at the end."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, **kwargs: Any) -> None:
        """Add a problem; a :class:`Text` message goes through :meth:`Problem.of`."""
        message = kwargs.pop("message")
        if isinstance(message, Text):
            self.problems.append(Problem.of(message, **kwargs))
        else:
            self.problems.append(Problem(message=message, **kwargs))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self, summary: str | None = None) -> None:
        if self.problems:
            raise InputError(self.problems, summary)
