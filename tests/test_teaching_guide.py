"""The trainer guide's agendas add up, have breaks, and say how to serve and print."""

from __future__ import annotations

import re

import pytest

from gcm_analysis import paths

GUIDE = paths.TEACHING_DIR / "00_trainer_guide.md"
AGENDAS = [("Full day", "Break", "Lunch"), ("Half day", "Break", "Break"),
           ("Journée complète", "Pause", "Déjeuner"),
           ("Demi-journée", "Pause", "Pause")]
LONGEST_WITHOUT_BREAK = 105  # breaks at most 1 h 45 apart
LONGEST_BLOCK = 90  # no single lesson block longer than 1 h 30


def _section(heading: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"\n### {heading}\n")
    end = re.search(r"\n#{2,3} ", text[start + 1:])
    return text[start: start + 1 + end.start()] if end else text[start:]


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _duration(text: str) -> int:
    match = re.fullmatch(r"(?:(\d+) h)?\s*(\d+)?(?: minutes)?", text.strip())
    assert match, text
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


@pytest.mark.parametrize(("heading", "break_word", "lunch_word"), AGENDAS)
def test_agenda_times_add_up_with_breaks(heading, break_word, lunch_word):
    section = _section(heading)
    rows = re.findall(r"^\| (\d\d:\d\d) \| (\d+) \| (.+?) \|$", section, re.M)
    assert len(rows) >= 5, heading
    clock = _minutes(rows[0][0])
    since_break = 0
    for start, minutes, what in rows:
        assert _minutes(start) == clock, (heading, start)
        clock += int(minutes)
        is_break = what.startswith((break_word, lunch_word))
        since_break = 0 if is_break else since_break + int(minutes)
        assert since_break <= LONGEST_WITHOUT_BREAK, (heading, start, what)
        assert int(minutes) <= LONGEST_BLOCK or is_break, (heading, start, what)
    assert any(w.startswith(break_word) for _, _, w in rows), heading
    total = re.search(r"Total ?: (.+?) \((\d\d:\d\d)-(\d\d:\d\d)\), (?:of which|dont)"
                      r" (.+?) (?:breaks?|de pauses?)", section)
    assert total, heading
    spent = clock - _minutes(rows[0][0])
    assert _duration(total.group(1)) == spent, heading
    assert _minutes(total.group(3)) == clock and total.group(2) == rows[0][0]
    breaks = sum(int(m) for _, m, w in rows if w.startswith((break_word, lunch_word)))
    assert _duration(total.group(4)) == breaks, heading


def test_the_half_day_fits_a_half_day_and_the_full_day_teaches_every_lesson():
    assert _duration("3 h 30") <= 4 * 60
    full = _section("Full day")
    for lesson in (1, 2, 3, 4):
        assert f"Lesson {lesson} ·" in full
    for lesson in (2, 4):
        assert f"Lesson {lesson} ·" in _section("Half day")


def test_the_english_and_french_agendas_are_the_same():
    for english, french in (("Full day", "Journée complète"),
                            ("Half day", "Demi-journée")):
        times = [re.findall(r"^\| (\d\d:\d\d) \| (\d+) \|", _section(h), re.M)
                 for h in (english, french)]
        assert times[0] == times[1], english


def test_the_guide_says_how_to_serve_print_and_reset():
    guide = GUIDE.read_text(encoding="utf-8")
    for needle in ("python3 tasks.py handouts", "python3 tasks.py lesson-notebooks",
                   "python3 tasks.py serve-lessons", "Servir les leçons",
                   "notebooks.fr.json", "git checkout -- notebooks/teaching",
                   "Version française", "Questions de discussion"):
        assert needle in guide, needle
