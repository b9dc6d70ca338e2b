"""The French lessons read as French: gcm_analysis.french_lint over what each
French lesson shows, participant and trainer copies.

Each French lesson notebook's own cells are run in this process (its Markdown
from the catalogue, each code cell evaluated as the kernel would, figures left
out: they are images) and exported as a printed lesson is
(:func:`render.lesson_html`); the lint reads that page. No kernel: all four
lessons, both copies, in a few seconds (``test_teaching.py`` executes every
lesson with papermill).

Two things the lint is told to leave alone, and only those:
- cells marked ``lang="en"``: the deliberate English columns of the tables that
  quote a text in its language (the Guide's budgeting steps, the ideal
  conditions, the OECD principles, the source types: French original beside our
  English, or the OECD's English), which the lessons' prose explains;
- the plan's exchange rates written with three decimals (``655,957`` XOF per
  EUR, the CFA franc's peg as francophone texts write it), which the lint cannot
  tell from an English thousands group.
"""

from __future__ import annotations

import ast
import html
import re

import pytest

from gcm_analysis import teaching
from gcm_analysis.french_lint import problems, visible_text
from gcm_analysis.reporting import table_html
from gcm_analysis.teaching import render

NNBSP = "\u202f"
_QUOTED_EN = re.compile(r'<td[^>]*\blang="en"[^>]*>(.*?)</td>', re.S)


def _allowed(page: str) -> tuple[str, ...]:
    """What the lint leaves alone in ``page`` (see the module docstring)."""
    quoted = [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
              for cell in _QUOTED_EN.findall(page)]
    rates = teaching.table("2.rates", "fr").iloc[:, 2].astype(str)
    three_decimals = [r for r in rates if re.fullmatch(r"\d{1,3},\d{3}", r)]
    return tuple(t for t in quoted + three_decimals if t)


def _bundle(value: object) -> dict[str, str]:
    """What a kernel sends for a displayed ``value`` (its MIME bundle)."""
    if hasattr(value, "_repr_mimebundle_"):
        data = value._repr_mimebundle_()
        return dict(data[0] if isinstance(data, tuple) else data)
    bundle = {"text/plain": str(value)}
    for method, mimetype in (("_repr_html_", "text/html"),
                             ("_repr_markdown_", "text/markdown")):
        if hasattr(value, method):
            bundle[mimetype] = getattr(value, method)()
    return bundle


def _run_cell(source: str, namespace: dict[str, object]) -> list[dict[str, str]]:
    """Run a code cell as a kernel does: its statements (``show_table`` calls
    displayed), then the value of a last expression; return what it displays."""
    shown: list[dict[str, str]] = []
    tree = ast.parse(source)
    last = (tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr)
            else None)
    exec(compile(tree, "<lesson cell>", "exec"), namespace)  # noqa: S102
    namespace["show_table"] = lambda table, index=False, text=False: shown.append(
        {"text/html": table_html(table, index, text), "text/plain": "table"})
    if last is not None:
        value = eval(compile(ast.Expression(last.value), "<lesson cell>", "eval"),  # noqa: S307
                     namespace)
        if value is not None:
            shown.append(_bundle(value))
    return shown


def french_lesson_page(lesson: int, show_solutions: bool) -> str:
    """The printed French lesson, its cells run in this process instead of a
    kernel (figures left out), exported as :func:`render.render_lesson` does."""
    import nbformat

    notebook = render.french_notebook(lesson)
    namespace: dict[str, object] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        if "show_figure" in cell.source:
            continue  # an image: no text to read
        if "parameters" in cell.metadata.get("tags", []):
            exec(cell.source, namespace)  # noqa: S102
            assert namespace["lang"] == "fr"
            namespace.update(show_solutions=show_solutions, interactive=False)
            continue
        cell.outputs = [nbformat.v4.new_output("display_data", data=data)
                        for data in _run_cell(cell.source, namespace)]
    return render.lesson_html(notebook, "fr", show_solutions)


@pytest.fixture(scope="module")
def french_pages() -> dict[tuple[int, bool], str]:
    return {(lesson, solutions): french_lesson_page(lesson, solutions)
            for lesson in teaching.LESSONS for solutions in (False, True)}


@pytest.mark.parametrize("show_solutions", [False, True],
                         ids=["participant", "trainer"])
@pytest.mark.parametrize("lesson", teaching.LESSONS)
def test_the_french_lessons_read_as_french(french_pages, lesson, show_solutions):
    page = french_pages[(lesson, show_solutions)]
    found = problems(page, allowed=_allowed(page))
    assert not found, "\n".join(found[:40])
    text = visible_text(page)
    assert f"Leçon {lesson}" in text and "(s)" not in text
    # the page is what the lesson shows: its exercises, checked or with a hint
    assert text.count("Exercice ") >= len(teaching.exercise_ids(lesson))


def test_the_allowance_is_only_the_quoted_english_and_the_peg(french_pages):
    """The English columns are marked, in both lessons that quote them, and
    nothing else of the French pages is in a ``lang="en"`` cell."""
    from gcm_analysis import reference

    quoted = {3: len(reference.budgeting_steps())
              + len(reference.ideal_budgeting_conditions())
              + len(reference.budget_governance_principles()),
              4: len(reference.funding_source_types())}
    for lesson in teaching.LESSONS:
        for solutions in (False, True):
            cells = _QUOTED_EN.findall(french_pages[(lesson, solutions)])
            assert len(cells) == quoted.get(lesson, 0), (lesson, solutions)
    steps = teaching.table("3.steps", "fr")
    marked = steps.attrs["cell_lang"]
    assert list(marked.values()) == ["fr", "en"]
    english = steps[next(c for c, v in marked.items() if v == "en")]
    assert english.str.startswith(("Take", "Consider", "Refer", "Ensure", "Budget",
                                   "Undertake", "Organise", "Identify")).all()
    # the English column keeps the English typography (no U+202F before ;)
    assert not english.str.contains(NNBSP).any()
    assert _allowed(french_pages[(2, True)]) == ("655,957",)


def test_the_lint_still_catches_what_the_lessons_used_to_write():
    """What the French lessons wrote before: each is still a problem, so the
    test above fails if one comes back."""
    before = ("<p>Lumeria est placée dans la région Banque mondiale Sub-Saharan "
              "Africa</p><td>pour 1 000 habitants</td><td>coût unitaire 360 000</td>"
              "<td>provision 20 %</td><td>LUM-05 (reportée); LUM-03 (réduite)</td>"
              "<p>totalisaient 12 millions USD</p>"
              "<p>LUM-05 : Diaspora investment and skills programme perd</p>"
              "<p>0,078 (7,8 %) : 93 900 000 XOF</p>")
    assert len(problems(before)) >= 8


def test_french_shares_quoted_english_and_lists_are_written_the_french_way():
    from gcm_analysis.teaching._format import format_share, join_list

    assert format_share(0.078, "fr") == f"7,8{NNBSP}%"
    assert format_share(0.078, "en") == "0.078 (7.8%)"
    assert join_list(["LUM-05", "LUM-03"], "fr") == f"LUM-05{NNBSP}; LUM-03"
    region = teaching.table("1.indicators", "fr").iloc[:, 1]
    assert "persons" not in set(region) and f"pour 1{NNBSP}000 habitants" in set(region)
    drivers = teaching.table("2.drivers", "fr").iloc[:, 1]
    assert not drivers.str.contains(" / ").any()
    assert not teaching.table("2.drivers", "en").iloc[:, 1].str.contains(" / ").any()


def test_a_table_cell_in_another_language_carries_lang():
    table = teaching.table("4.sources", "fr")
    page = table_html(table)
    assert page.count('lang="en"') == len(table) == page.count('lang="fr"')
    assert 'lang="' not in table_html(teaching.table("4.totals", "fr"))

