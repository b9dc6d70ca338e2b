"""What the lesson notebooks' code cells call: banners and exercise checks.

A check cell is one line, ``teaching.check_cell("2.4", answer, lang,
show_solutions, interactive)``, tagged ``remove-input`` so that neither the
screen export nor the printed copy shows code. What it displays:

- trainer copy (``show_solutions``): the expected answer, checked and explained;
- participant, no answer yet: "not answered yet", the first hint, and in the
  printed copy a box to write the answer in (hidden on screen);
- participant with an answer in the exercise cell: ✓ or ✗ with advice;
- in JupyterLab with ipywidgets and ``interactive``: the same, plus an answer box
  and *Check*, *Hint* and *More help* buttons. Without widgets the text
  fallback is the cell itself and ``teaching.hint("2.4", lang)``.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import Any

from ._format import Prose, check_lang
from .checks import Feedback, check, hint, solution
from .messages import text

log = logging.getLogger(__name__)

ANSWER_SPACE_CLASS = "gcm-answer-space"
"""HTML class of the printed answer box; hidden on screen, shown by the
participant handout's style sheet (:mod:`.render`)."""


def trainer_banner(show_solutions: bool, lang: str = "en") -> Prose | None:
    """The trainer copy's banner (nothing in a participant copy)."""
    check_lang(lang)
    return Prose(text("solutions_banner", lang)) if show_solutions else None


def answer_space_html(lang: str) -> str:
    """A labelled box to write an answer in on paper (hidden on screen)."""
    label = html.escape(text("answer_space", lang))
    return (f'<div class="{ANSWER_SPACE_CLASS}" style="display:none">'
            f'<span>{label}</span><div class="gcm-answer-box"></div></div>')


def _widgets() -> Any:
    try:
        import ipywidgets
    except ImportError:
        return None
    return ipywidgets


def _exercise_widget(widgets: Any, exercise_id: str, lang: str) -> Any:
    """Answer box, Check / Hint / More help buttons and their output."""
    box = widgets.Text(placeholder=text("widget.answer_placeholder", lang),
                       layout=widgets.Layout(width="16em"))
    buttons = {name: widgets.Button(description=text(f"widget.{name}", lang))
               for name in ("check", "hint", "more_help")}
    out = widgets.Output()

    def show(shown: Any) -> None:
        out.clear_output()
        with out:
            from IPython.display import display

            display(shown)

    def on_check(_: Any) -> None:
        show(check(exercise_id, box.value.strip() or None, lang))

    buttons["check"].on_click(on_check)
    buttons["hint"].on_click(lambda _: show(hint(exercise_id, lang, 1)))
    buttons["more_help"].on_click(lambda _: show(hint(exercise_id, lang, 2)))
    return widgets.VBox([widgets.HBox([box, *buttons.values()]), out])


@dataclass
class ExerciseView:
    """What a check cell shows: the feedback, an answer box for print, buttons."""

    feedback: Feedback
    printed_space: bool = False
    widget: Any = None

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None
                          ) -> dict[str, Any]:
        body = self.feedback._repr_html_()
        if self.printed_space:
            body += answer_space_html(self.feedback.lang)
        # HTML only (no text/markdown): exporters prefer Markdown, which would
        # drop the printed answer box
        bundle: dict[str, Any] = {"text/html": body, "text/plain": str(self.feedback)}
        if self.widget is not None:
            live = self.widget._repr_mimebundle_()
            if isinstance(live, tuple):  # (data, metadata) in some versions
                live = live[0]
            view = live.get("application/vnd.jupyter.widget-view+json")
            if view is not None:
                bundle["application/vnd.jupyter.widget-view+json"] = view
        return bundle

    def __bool__(self) -> bool:
        return bool(self.feedback)


def check_cell(exercise_id: str, answer: Any, lang: str = "en",
               show_solutions: bool = False, interactive: bool = False
               ) -> ExerciseView:
    """Check the exercise cell's answer (or the solution, in a trainer copy).

    Parameters
    ----------
    exercise_id : str
        E.g. ``"2.4"``.
    answer : object
        The exercise cell's ``answer`` (``None`` = not answered).
    lang : {"en", "fr"}
    show_solutions : bool
        Trainer copy: check and explain the expected answer instead.
    interactive : bool
        Add the answer box and buttons (JupyterLab with ipywidgets).
    """
    check_lang(lang)
    given = solution(exercise_id) if show_solutions else answer
    feedback = check(exercise_id, given, lang)
    widget = None
    if interactive and not show_solutions:
        widgets = _widgets()
        if widgets is None:
            log.info("ipywidgets is not installed: no buttons for %s", exercise_id)
        else:
            widget = _exercise_widget(widgets, exercise_id, lang)
    return ExerciseView(feedback, printed_space=(not show_solutions
                                                 and feedback.status == "unanswered"),
                        widget=widget)
