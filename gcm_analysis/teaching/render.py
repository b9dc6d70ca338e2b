"""Run a lesson notebook and print it: HTML (and PDF) with or without solutions.

:func:`render_lesson` executes ``notebooks/teaching/<lesson>.ipynb`` with
papermill (parameters ``lang``, ``show_solutions``, ``interactive=False``), writes
the executed notebook, and exports it with the report exporter
(:func:`gcm_analysis.export.shared_exporter`: no code, no scripts, widgets
replaced by their static tables). The executed notebook never goes back into
``notebooks/``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from .. import __version__, io, paths
from ._format import LESSONS, check_lang

log = logging.getLogger(__name__)

LESSON_NOTEBOOKS: dict[int, str] = {
    1: "lesson1_needs_to_objectives",
    2: "lesson2_costing_an_intervention",
    3: "lesson3_building_the_budget",
    4: "lesson4_funding_gap_and_mobilisation",
}
"""Lesson number -> notebook stem under ``notebooks/teaching/``."""

ANSWER_SPACE_CSS = (
    "<style>.gcm-answer-space{display:block!important;margin:0.4em 0 1.2em}"
    ".gcm-answer-space span{font-weight:600}"
    ".gcm-answer-box{border:1px solid #888;border-radius:3px;height:4.5em;"
    "margin-top:0.3em;break-inside:avoid}"
    ".gcm-feedback-unanswered>strong,.gcm-feedback-unanswered>p{display:none}"
    "</style>")
"""Shows the answer boxes of a printed participant copy (hidden on screen in
JupyterLab) and hides the on-screen "not answered yet: run the cell" message,
which means nothing on paper (the first hint stays)."""

FRENCH_DIR = paths.TEACHING_DIR / "fr"
"""The generated French lesson notebooks (``python3 tasks.py lesson-notebooks``)."""

PARAMETERS: tuple[str, ...] = ("lang", "show_solutions", "interactive")
"""The parameters every lesson declares (its one ``parameters`` cell)."""


def lesson_number(name: int | str) -> int:
    """Return the lesson number of ``2``, ``"2"``, ``"lesson2"`` or a notebook stem."""
    if isinstance(name, int):
        number = name
    else:
        stem = Path(str(name)).stem.lower()
        for key, value in LESSON_NOTEBOOKS.items():
            if stem == value:
                return key
        digits = stem.removeprefix("lesson").split("_")[0]
        if not digits.isdigit():
            raise ValueError(f"no lesson {name!r}: use 1-4 or a name like 'lesson2'")
        number = int(digits)
    if number not in LESSONS:
        raise ValueError(f"no lesson {name!r}: lessons are {LESSONS}")
    return number


def lesson_path(name: int | str, lang: str = "en") -> Path:
    """Return the lesson notebook's path: ``notebooks/teaching/<stem>.ipynb``, or
    in French its French copy ``notebooks/teaching/fr/<stem>.ipynb`` when there
    is one (so a French trainer's edits show in the run and the handout)."""
    stem = LESSON_NOTEBOOKS[lesson_number(name)]
    if lang == "fr" and (FRENCH_DIR / f"{stem}.ipynb").exists():
        return FRENCH_DIR / f"{stem}.ipynb"
    return paths.TEACHING_DIR / f"{stem}.ipynb"


def output_stem(name: int | str, lang: str, show_solutions: bool) -> str:
    """File stem of a rendered lesson, e.g. ``lesson2_costing_..._fr_solutions``."""
    suffix = "solutions" if show_solutions else "participant"
    return f"{LESSON_NOTEBOOKS[lesson_number(name)]}_{lang}_{suffix}"


def french_notebook(name: int | str) -> Any:
    """The lesson notebook in French: Markdown from the French catalogue, the
    parameters cell's default language ``"fr"``, code unchanged."""
    import nbformat

    from ..nbtext import stage_notebook

    path = lesson_path(name, "en")
    notebook = stage_notebook(path, path.stem, "fr")
    notebook.metadata["gcm_workbook"] = {"notebook": path.name, "lang": "fr"}
    for cell in notebook.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace('lang: str = "en"', 'lang: str = "fr"')
    return nbformat.from_dict(notebook)


def french_notebook_text(name: int | str) -> str:
    """:func:`french_notebook` as the text written to ``notebooks/teaching/fr/``."""
    import nbformat

    return nbformat.writes(french_notebook(name)) + "\n"


def write_french_notebooks(folder: Path | str | None = None) -> list[Path]:
    """Write the four French lesson notebooks (default ``notebooks/teaching/fr/``).

    A test checks the committed copies are what this writes, so a translation
    changed in the catalogue without re-running it is caught.
    """
    out = Path(folder) if folder is not None else FRENCH_DIR
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for number, stem in LESSON_NOTEBOOKS.items():
        written.append(io.write_text_atomic(out / f"{stem}.ipynb",
                                            french_notebook_text(number)))
    return written


def lesson_title(notebook: Any) -> str:
    """The lesson's title: the first Markdown heading of its (executed) notebook."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return ""


def execute_lesson(name: int | str, out_path: Path | str, lang: str = "en",
                   show_solutions: bool = False, kernel_name: str = "python3",
                   cwd: Path | str | None = None, executor: Any = None) -> Any:
    """Execute a lesson with papermill into ``out_path``; return the notebook.

    ``executor`` may be a :class:`gcm_analysis.kernels.WarmKernel` (its
    ``execute(path, out_path, parameters, cwd)`` reuses one kernel across runs).
    Either way the lesson's Markdown comes in ``lang``
    (:func:`gcm_analysis.nbtext.stage_notebook`, keyed by the lesson's stem).
    """
    check_lang(lang)
    parameters = {"lang": lang, "show_solutions": bool(show_solutions),
                  "interactive": False}
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(cwd) if cwd is not None else out_path.parent
    path = lesson_path(name, lang)
    if executor is not None:
        return executor.execute(str(path), out_path, parameters, workdir)
    import papermill

    from ..nbtext import stage_notebook

    return papermill.execute_notebook(
        stage_notebook(path, path.stem, lang), str(out_path), parameters=parameters,
        kernel_name=kernel_name, progress_bar=False, cwd=str(workdir))


def lesson_footer(lang: str) -> str:
    """The printed lesson's footer: version, and that the country is fictional."""
    return (f"GCM Workbook {__version__} · "
            + ("leçon sur un pays fictif" if lang == "fr"
               else "lesson on a fictional country"))


def lesson_html(notebook: Any, lang: str, show_solutions: bool) -> str:
    """An executed lesson notebook exported as its printable page (no code, no
    scripts; the participant copy with its answer boxes shown)."""
    from ..export import shared_exporter

    copy = ("Version formateur (solutions)" if lang == "fr" else
            "Trainer copy (solutions)") if show_solutions else (
        "Version participant" if lang == "fr" else "Participant copy")
    html = shared_exporter().to_html(notebook, title=lesson_title(notebook),
                                     subtitle=copy, footer=lesson_footer(lang),
                                     lang=lang)
    if not show_solutions:
        html = html.replace("</head>", f"{ANSWER_SPACE_CSS}</head>", 1)
    return html


def render_lesson(name: int | str, lang: str = "en", show_solutions: bool = False,
                  out_dir: Path | str | None = None, *, pdf: bool = False,
                  kernel_name: str = "python3", executor: Any = None
                  ) -> dict[str, Path]:
    """Execute a lesson and export it as a printable page (HTML, optionally PDF).

    Parameters
    ----------
    name : int or str
        ``1``-``4``, ``"lesson2"`` or the notebook's stem.
    lang : {"en", "fr"}
    show_solutions : bool
        Trainer copy (solutions filled in and explained) or participant copy
        (exercises unanswered, with hints).
    out_dir : Path or str, optional
        Folder for the outputs (default ``outputs/teaching/``).
    pdf : bool
        Also print a PDF (needs Chromium and playwright; skipped with a log
        message when they are missing).
    kernel_name : str
        Jupyter kernel to run the lesson in.
    executor : WarmKernel, optional
        Reuse a warm kernel (see :func:`execute_lesson`).

    Returns
    -------
    dict
        ``notebook`` (executed ``.ipynb``), ``html`` and, when printed, ``pdf``.
    """
    check_lang(lang)
    number = lesson_number(name)
    folder = Path(out_dir) if out_dir is not None else paths.OUTPUTS_DIR / "teaching"
    folder.mkdir(parents=True, exist_ok=True)
    stem = output_stem(number, lang, show_solutions)
    notebook_path = folder / f"{stem}.ipynb"
    notebook = execute_lesson(number, notebook_path, lang, show_solutions,
                              kernel_name=kernel_name, executor=executor)
    if notebook is None:  # pragma: no cover - papermill always returns it
        import nbformat

        notebook = nbformat.read(notebook_path, as_version=4)
    html = lesson_html(notebook, lang, show_solutions)
    written = {"notebook": notebook_path,
               "html": io.write_text_atomic(folder / f"{stem}.html", html)}
    if pdf:
        from ..pdf import PdfUnavailable, shared_printer

        try:
            document = shared_printer().to_pdf(html, footer=lesson_footer(lang))
        except PdfUnavailable as exc:
            log.warning("%s", exc)
        else:
            written["pdf"] = io.write_bytes_atomic(folder / f"{stem}.pdf", document)
    return written
