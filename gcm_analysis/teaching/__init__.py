"""Lessons on Compact budgeting, in English and French, with self-checking exercises.

Four lessons (``notebooks/teaching/``) work on the fictional Republic of Lumeria
(``XLU``, a code from the ISO 3166 user-assigned range): (1) from needs to
objectives, (2) costing an intervention, (3) building the budget, (4) funding
gap and resource mobilisation. Everything a lesson shows or checks is computed
with the package's own functions from the fictional plan
(``data/plans/XLU_lumeria_fictional/``) and indicators (``data/teaching/``).

The lesson prose is in the notebooks' Markdown cells (English; French in the
French catalogue ``gcm_analysis/locales/fr/LC_MESSAGES/gcm.po``, keyed by cell
id like the stage notebooks, and in the generated copies
``notebooks/teaching/fr/``). This package keeps the logic: data, checks, hints
and advice (message catalogue, keys
``teaching.*``), tables and figures.

Notebook API (one line per cell):

``table(name, lang)``, ``show_figure(name, lang)``
    The lesson's tables and charts (``figure`` returns the matplotlib Figure).
``check_cell(exercise_id, answer, lang, show_solutions, interactive)``
    A check cell: ✓ or ✗ with advice, the solution in a trainer copy, an
    answer box in a printed participant copy, buttons in JupyterLab.
``check(exercise_id, answer, lang)``
    ✓ or ✗ with advice on what to look at; recognises typical mistakes and
    reads answers as people write them (``0,44`` in French, ``44 %``).
``hint(exercise_id, lang, level=1)``, ``solution(exercise_id)``
    Help, and the expected answer (trainer copies).
``whatif(lesson, lang, interactive)``
    Sliders in JupyterLab, a static table in printed copies.
``render_lesson(name, lang, show_solutions, out_dir)``
    Execute a lesson and export it to HTML (and PDF) with or without solutions.
"""

from __future__ import annotations

from ._format import LANGUAGES, LESSONS, Prose
from .answers import Unreadable, read_number
from .cells import ExerciseView, check_cell, trainer_banner
from .checks import Feedback, Hint, check, exercise_ids, hint, solution
from .data import (
    TEACHING_COUNTRIES,
    TEACHING_DATA_DIR,
    TEACHING_PLAN_DIR,
    budget_tables,
    convert_teaching_plan,
    funding_tables,
    needs_tables,
    read_teaching_plan,
    teaching_panel,
    validate_teaching_plan,
)
from .explorers import LESSONS_WITH_WHATIF, WhatIf, static_table, whatif
from .messages import text
from .render import LESSON_NOTEBOOKS, execute_lesson, lesson_path, render_lesson
from .tables import figure, figure_names, show_figure, table, table_names

__all__ = [
    "LANGUAGES", "LESSONS", "LESSONS_WITH_WHATIF", "LESSON_NOTEBOOKS",
    "TEACHING_COUNTRIES", "TEACHING_DATA_DIR", "TEACHING_PLAN_DIR", "ExerciseView",
    "Feedback", "Hint", "Prose", "Unreadable", "WhatIf", "budget_tables", "check",
    "check_cell", "convert_teaching_plan", "execute_lesson", "read_number",
    "trainer_banner",
    "exercise_ids", "figure", "figure_names", "funding_tables", "hint",
    "lesson_path", "needs_tables", "read_teaching_plan", "render_lesson",
    "show_figure", "solution", "static_table", "table", "table_names",
    "teaching_panel", "text", "validate_teaching_plan", "whatif",
]
