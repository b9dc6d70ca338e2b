"""Lesson texts, one module per lesson, English and French side by side.

Each module holds ``TEXT: dict[str, dict[str, str]]`` mapping a key to
``{"en": ..., "fr": ...}``. ``common`` (lesson 0) holds the shared vocabulary.
Editing a lesson means editing one file: both languages sit next to each other,
so they cannot drift apart unnoticed (a test checks every key has both).
"""

from __future__ import annotations

from . import common, lesson1, lesson2, lesson3, lesson4

TEXTS: dict[int, dict[str, dict[str, str]]] = {
    0: common.TEXT,
    1: lesson1.TEXT,
    2: lesson2.TEXT,
    3: lesson3.TEXT,
    4: lesson4.TEXT,
}
