"""PDF printing reuses one browser tab: each document prints alone, a failure
does not poison the next one."""

from __future__ import annotations

import io

import pytest

from gcm_analysis.pdf import PdfUnavailable, shared_printer


def _text(document: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(document)).pages
    return " ".join(page.extract_text() for page in pages)


@pytest.fixture(scope="module")
def printer():
    try:
        return shared_printer()
    except PdfUnavailable as exc:
        pytest.skip(str(exc))


def _page(body: str) -> str:
    return f"<!DOCTYPE html><html><body><h1>{body}</h1><p>{body} text</p></body></html>"


def test_documents_printed_in_turn_carry_only_their_own_text(printer):
    first = _text(printer.to_pdf(_page("Lumeria budget"), footer="run A"))
    second = _text(printer.to_pdf(_page("Portugal funding"), footer="run B"))
    assert "Lumeria budget" in first and "run A" in first
    assert "Portugal funding" in second and "run B" in second
    assert "Lumeria" not in second and "run A" not in second


def test_a_failed_print_gives_the_next_document_a_new_tab(printer, monkeypatch):
    page = printer.to_pdf(_page("warm up")) and printer._page  # noqa: SLF001

    def broken(*args, **kwargs):
        raise RuntimeError("printer jammed")

    monkeypatch.setattr(page, "pdf", broken)
    with pytest.raises(RuntimeError, match="jammed"):
        printer.to_pdf(_page("lost"))
    monkeypatch.undo()
    assert printer._page is None  # noqa: SLF001
    assert "Kenya report" in _text(printer.to_pdf(_page("Kenya report")))
