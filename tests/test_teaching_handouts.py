"""Handouts: participant copies with answer spaces, trainer copies with solutions,
in English and French, as HTML and PDF (``python3 tasks.py handouts``)."""

from __future__ import annotations

import re

import pytest

from gcm_analysis.teaching import __main__ as teaching_cli
from gcm_analysis.teaching import checks, render


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    from gcm_analysis.pdf import PdfUnavailable, shared_printer

    try:
        shared_printer()
        pdf = True
    except PdfUnavailable:
        pdf = False
    out = tmp_path_factory.mktemp("handouts")
    options = ["handouts", "--lessons", "3", "--out", str(out)]
    assert teaching_cli.main(options + ([] if pdf else ["--no-pdf"])) == 0
    return out, pdf


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_participant_copy_leaves_a_box_for_each_answer(handouts, lang):
    out, _ = handouts
    html = (out / f"{render.output_stem(3, lang, False)}.html").read_text(
        encoding="utf-8")
    boxes = html.count('class="gcm-answer-space"')
    assert boxes == len(checks.exercise_ids(3))
    assert ".gcm-answer-space{display:block!important" in html
    assert "teaching.check_cell" not in html and "teaching.solution" not in html
    copy = "Version participant" if lang == "fr" else "Participant copy"
    assert copy in html
    assert not re.search(r"gcm-feedback-correct", html)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_trainer_copy_shows_every_solution_and_no_answer_box(handouts, lang):
    out, _ = handouts
    html = (out / f"{render.output_stem(3, lang, True)}.html").read_text(
        encoding="utf-8")
    assert html.count("gcm-feedback-correct") == len(checks.exercise_ids(3))
    assert 'class="gcm-answer-space"' not in html
    assert ("Version formateur" if lang == "fr" else "Trainer copy") in html
    word = "Exercice" if lang == "fr" else "Exercise"
    assert f"{word} 3.5" in html


@pytest.mark.slow
def test_every_copy_is_printed_to_pdf(handouts):
    out, pdf = handouts
    if not pdf:
        pytest.skip("no Chromium or playwright here: HTML only")
    for lang in ("en", "fr"):
        for solutions in (False, True):
            data = (out / f"{render.output_stem(3, lang, solutions)}.pdf").read_bytes()
            assert data.startswith(b"%PDF")
            assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 3
