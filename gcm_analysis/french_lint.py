"""A French-language lint for a report page: what a francophone reader would
trip over.

:func:`problems` reads the visible text of an HTML page (scripts, styles, code,
the attribute values and elements marked in another language, such as
``<cite lang="en">`` around an English title, left out) and lists: known
English words or phrases (:data:`ENGLISH` a small stop-list, proper names
excepted by being absent from it), the lazy plural ``(s)``, an ordinary space
or none before ``: ; ! ? %`` where French typography wants a narrow no-break
space (U+202F), and numbers whose thousands are separated otherwise than by
U+202F (``645,542``, ``645 542``), so that one number format is used on the
page.

Used by ``tests/test_french_lint.py`` over the French run of the session and
runnable on any page or workbook: ``python -m gcm_analysis.french_lint
report.html tables.xlsx``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

#: English words and phrases that have no business in a French report. Matched
#: as whole words, case-sensitive where the case tells (``Income``).
ENGLISH: tuple[str, ...] = (
    " the ", " and ", " of the ", " with ", " for ", "persons", "million ",
    "millions USD", "billion", "Income", "income", "Central bank", "Ministry of",
    "Sub-Saharan", "East Asia", "Latin America", "Middle East", "South Asia",
    "Europe & Central", "Amber", "Green", "Red ", "secured", "pledged", "pipeline",
    "Objective", "objective", "Funding gap", "Total cost", "Source:", "Data sources",
    "Year", "Not selected", "Selected", "bottom-up", "top-down", "Unknown",
)
#: Text of these elements is not prose
_SKIP = {"script", "style", "code", "pre", "svg", "math", "title"}
_PUNCT = re.compile(r"(?P<before>[^\s\u202f\u00a0(\[{«/'’\"`#&])(?P<space>[ \u00a0]?)"
                    r"(?P<mark>[:;!?%])(?=[\s)\]»,.]|$)")
_THOUSANDS = re.compile(r"(?<![\d.,\u202f])\d{1,3}(?:(?P<sep>[, \u00a0])\d{3})+"
                        r"(?![\d])")


#: Elements without an end tag (a ``lang`` on them marks no text)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}


class _Text(HTMLParser):
    def __init__(self, lang: str = "fr") -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._lang = lang
        #: elements in another language being read: [tag, depth of that tag]
        self._foreign: list[list[Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        if self._foreign and tag == self._foreign[-1][0]:
            self._foreign[-1][1] += 1
        elif tag not in _VOID and _is_foreign(dict(attrs).get("lang"), self._lang):
            self._foreign.append([tag, 1])
            self._skip += 1
        if tag in ("p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "br", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip:
            self._skip -= 1
        if self._foreign and tag == self._foreign[-1][0]:
            self._foreign[-1][1] -= 1
            if not self._foreign[-1][1]:
                self._foreign.pop()
                self._skip = max(self._skip - 1, 0)
        if tag in ("td", "th"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _is_foreign(value: str | None, lang: str) -> bool:
    """Whether an element's ``lang`` attribute names another language than
    ``lang`` (``en``, ``en-GB``; not ``fr``, ``fr-FR``, nor a missing one)."""
    return bool(value) and str(value).split("-")[0].lower() != lang


def visible_text(html: str) -> str:
    """The French text a reader sees in ``html`` (one line per block or table
    cell; elements marked in another language left out)."""
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def problems(html: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """What breaks French usage in the page ``html``, one line each with the
    offending excerpt; ``allowed`` lists substrings (proper names, titles of
    sources) left out of the checks."""
    found: list[str] = []
    for line in visible_text(html).splitlines():
        text = line.strip()
        for name in allowed:  # proper names keep their own language and typography
            text = text.replace(name, "…")
        if not text:
            continue
        found += _english(text)
        if "(s)" in text:
            found.append(f"'(s)': {_cut(text, '(s)')}")
        found += _spacing(text) + _numbers(text)
    return found


def _english(text: str) -> list[str]:
    padded = f" {text} "
    found = []
    for word in ENGLISH:
        if word.strip() == word:
            hit = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", padded)
        else:
            hit = word in padded  # type: ignore[assignment]
        if hit:
            found.append(f"English {word.strip()!r}: {_cut(text, word)}")
    return found


def _spacing(text: str) -> list[str]:
    found = []
    for match in _PUNCT.finditer(text):
        mark, before = match.group("mark"), match.group("before")
        after = text[match.end():match.end() + 1]
        if mark == ":" and before.isdigit() and after.isdigit():
            continue  # a time or a ratio, 10:30
        if mark == "%" and not before.isdigit():
            continue  # "en % du PIB": no number, an ordinary space
        if match.group("space") != "\u202f":
            found.append(f"no U+202F before {mark!r}: {_cut(text, match.group(0))}")
    return found


def _numbers(text: str) -> list[str]:
    return [f"number {m.group(0)!r} not written 1\u202f234: {_cut(text, m.group(0))}"
            for m in _THOUSANDS.finditer(text)
            if m.group("sep") != "\u202f" and not _is_year_range(m.group(0))]


def _is_year_range(text: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d([, ]\s?(19|20)\d\d)*", text))


def _cut(text: str, word: str, width: int = 50) -> str:
    at = text.find(word.strip())
    start = max(at - width, 0)
    return ("…" if start else "") + text[start:at + len(word) + width].strip() + "…"


#: Titles of English-language publications the product cites, kept as published
#: (proper names). A page marks them ``lang="en"``; a workbook cell cannot, so
#: :func:`workbook_problems` leaves them out by name.
CITED_TITLES: tuple[str, ...] = (
    "Implementing the GCM: Guidance for Governments and all Relevant Stakeholders",
    "Recommendation of the Council on Budgetary Governance",
    "Designing and Implementing Gender Budgeting: A path to action",
    "OECD Journal on Budgeting",
)


def workbook_text(path: Path | str) -> str:
    """The text cells of every sheet of the ``.xlsx`` at ``path`` (formulas left
    out) as a page for :func:`problems`, one paragraph per cell."""
    import html

    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    cells = [f"<p>{html.escape(value)}</p>" for sheet in book.worksheets
             for row in sheet.iter_rows(values_only=True) for value in row
             if isinstance(value, str) and not value.startswith("=")]
    book.close()
    return "<html><body>" + "".join(cells) + "</body></html>"


def workbook_problems(path: Path | str, allowed: tuple[str, ...] = ()) -> list[str]:
    """:func:`problems` of a workbook's text cells, the cited titles allowed."""
    return problems(workbook_text(path), allowed=CITED_TITLES + tuple(allowed))


def main(argv: list[str]) -> int:
    """Print the problems of each page or workbook named; exit 1 when there are
    any."""
    total = 0
    for name in argv:
        found = (workbook_problems(name) if name.endswith(".xlsx")
                 else problems(Path(name).read_text(encoding="utf-8")))
        for line in found:
            print(f"{name}: {line}")
            total += 1
    return 1 if total else 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
