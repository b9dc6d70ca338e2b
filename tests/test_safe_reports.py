"""A report built from a hostile plan is safe to open: no script runs, no formula.

One full run (notebooks 00-05) on the example plan whose titles, ministries,
partners, notes, cost items, sources and funding source names are script,
event-handler, ``javascript:``, template, style, right-to-left and formula
payloads. Then:

- every HTML page of the run folder is opened in Debian's Chromium with
  JavaScript ENABLED (so a payload would run if it were there), once as a user
  opens it and once with the page's Content-Security-Policy bypassed (so the
  sanitiser alone is tested); no payload ran (``window.__pwned``,
  ``document.title``), no script, handler, frame or ``javascript:`` URL is in
  the DOM, nothing was logged, no dialog opened, no request left the page;
- the payloads are visible as text (they made it into the report, escaped);
- every figure is an ``<img>`` of a PNG or SVG data URI that the browser shows,
  and every SVG figure is plain drawing (no script, handler, foreign object or
  link), so it stays inert even saved and opened on its own;
- ``tables.xlsx`` and ``plan.xlsx`` hold no formula, and formula-like text in
  ``tables.xlsx`` starts with a quote.

And an SVG figure that does carry a script and an ``onload`` handler is exported
as an image the browser shows, and nothing in it runs.
"""

from __future__ import annotations

import base64
import re
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from gcm_analysis.runner import run_country

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"document.title='pwned';window.__pwned=2\">",
    "\"><svg onload=\"window.__pwned=3\">",
    "=HYPERLINK(\"http://evil.test\",\"click\")",
    # an intervention title, drawn in SVG charts: breaks out of the label if a
    # figure wrote text unescaped
    "</text><script>window.__pwned=10</script>",
    "[click](javascript:window.__pwned=4)",
    "<a href=\"javascript:window.__pwned=5\">link</a>",
    "<iframe src=\"javascript:parent.__pwned=6\"></iframe>",
    "<style>body{display:none}</style>",
    "</td></tr></table><script>window.__pwned=7</script>",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\u200fوزارة الداخلية\u200f <b onmouseover=window.__pwned=8>x</b>",
    "{{7*7}} ${window.__pwned=9} -2+3",
]
#: SVG elements and attributes that could run, embed or link anything.
SVG_ACTIVE = {"script", "foreignObject", "iframe", "object", "embed", "a", "animate",
              "set", "handler", "listener"}


def _hostile_plan(tmp: Path) -> Path:
    from hostile.builders import csv_plan, read_rows, set_setting, write_rows

    def fill(folder: Path, sheet: str, columns: dict[str, int]) -> None:
        rows = read_rows(folder, sheet)
        header = rows[0]
        for i, row in enumerate(rows[1:]):
            for column, shift in columns.items():
                row[header.index(column)] = PAYLOADS[(i + shift) % len(PAYLOADS)]
        write_rows(folder, sheet, rows)

    def edit(folder: Path) -> None:
        set_setting(folder, "plan_title", PAYLOADS[0])
        fill(folder, "interventions", {"title": 0, "lead_ministry": 3, "partners": 5,
                                       "indicator": 9, "target": 11, "notes": 7})
        fill(folder, "cost_lines", {"item": 0, "ministry": 2, "source": 4,
                                    "notes": 8})
        fill(folder, "funding", {"source_name": 1, "conditions": 6, "notes": 10})
        fill(folder, "priorities", {"notes": 12})

    return csv_plan(tmp, edit, funding=True)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile_report")
    result = run_country({"country": "PRT", "run_id": "hostile", "currency": "EUR",
                          "plan_file": str(_hostile_plan(tmp))},
                         output_root=tmp / "outputs", pdf=True)
    return result


class _Markup(HTMLParser):
    """Collects every start tag and attribute of a page (the static check)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _static_problems(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        if tag in ("script", "iframe", "frame", "object", "embed", "svg", "math",
                   "form", "base", "link"):
            found.append(f"<{tag}>")
        equiv = (dict(attrs).get("http-equiv") or "").lower() if tag == "meta" else ""
        if equiv and equiv != "content-security-policy":
            found.append(f"<meta http-equiv={equiv}>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and \
                    value and value.strip().lower().startswith(("javascript:",
                                                                "vbscript:")):
                found.append(f"<{tag} {name}={value}>")
            if tag == "img" and name == "src" and not (value or "").startswith(
                    ("data:image/png;base64,", "data:image/svg+xml;base64,")):
                found.append(f"<img src={value}>")
    return found


def _svg_figure_problems(html: str) -> list[str]:
    """What in the page's SVG figures could run, embed or link anything."""
    found = []
    for encoded in re.findall(r'src="data:image/svg\+xml;base64,([^"]*)"', html):
        for element in ElementTree.fromstring(base64.b64decode(encoded)).iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag in SVG_ACTIVE:
                found.append(f"<{tag}>")
            for name, value in element.attrib.items():
                name = name.rsplit("}", 1)[-1]
                if name.lower().startswith("on"):
                    found.append(f"<{tag} {name}=...>")
                if name == "href" and not value.startswith(("#", "data:image/")):
                    found.append(f"<{tag} href={value}>")
    return found


_DOM_STATE = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  parentPwned: window.parent.__pwned === undefined ? null : 1,
  title: document.title,
  scripts: document.scripts.length,
  frames: document.querySelectorAll('iframe,frame,object,embed').length,
  handlers: [...document.querySelectorAll('*')].filter(
      e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
  jsUrls: [...document.querySelectorAll('[href],[src]')].filter(e => /^\\s*javascript:/i
      .test(e.getAttribute('href') || e.getAttribute('src') || '')).length,
  text: document.body.innerText,
  images: [...document.images].map(i => i.complete && i.naturalWidth > 0),
})"""


def _open_in_chromium(pages: list[Path], bypass_csp: bool) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    from gcm_analysis.pdf import CHROMIUM_FLAGS, chromium_path

    states: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS, headless=True)
        try:
            context = browser.new_context(java_script_enabled=True,
                                          bypass_csp=bypass_csp)
            canary = context.new_page()  # proves scripts do run in this context
            canary.set_content("<p>x</p><script>window.__canary = 42</script>")
            assert canary.evaluate("window.__canary") == 42
            canary.close()
            for path in pages:
                page = context.new_page()
                events: list[str] = []
                page.on("console", lambda m, ev=events: ev.append(f"console: {m.text}"))
                page.on("pageerror", lambda e, ev=events: ev.append(f"error: {e}"))
                page.on("dialog", lambda d, ev=events: (
                    ev.append(f"dialog: {d.message}"), d.dismiss()))
                page.on("request", lambda r, ev=events: None if r.url.startswith(
                    ("file:", "data:")) else ev.append(f"request: {r.url}"))
                page.on("popup", lambda p, ev=events: ev.append(f"popup: {p.url}"))
                page.goto(path.as_uri(), wait_until="load")
                page.wait_for_timeout(100)  # let any timer or onerror fire
                state = page.evaluate(_DOM_STATE)
                state["events"] = events
                states[path.name] = state
                page.close()
        finally:
            browser.close()
    return states


def _open_in_own_thread(pages: list[Path], bypass_csp: bool) -> dict[str, dict]:
    # a thread of its own: a run's PDF printer may hold this thread's playwright loop
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_open_in_chromium, pages, bypass_csp).result()


@pytest.mark.slow
def test_report_from_a_hostile_plan_runs_no_script_and_holds_no_formula(hostile_run):
    from openpyxl import load_workbook

    from gcm_analysis.pdf import chromium_path

    result = hostile_run
    assert result.status == "ok", result.error
    run_dir = result.run_dir
    pages = sorted(run_dir.glob("*.html"))
    assert {"report.html", "03_costing.html", "04_resource_mobilisation.html",
            "05_country_report.html"} <= {p.name for p in pages}

    # static: no script, handler, frame, foreign image or javascript: URL
    texts = {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert _static_problems(html) == [], page.name
        assert _svg_figure_problems(html) == [], page.name
        assert "default-src 'none'" in html, page.name
        texts[page.name] = html
    # the payloads reached the report, escaped: as text, not as markup
    assert any("&lt;script&gt;window.__pwned=1&lt;/script&gt;" in t
               for t in texts.values())
    assert any("&lt;img src=x onerror=" in t for t in texts.values())

    # Excel: no formula anywhere; formula-like text starts with a quote
    tables = load_workbook(run_dir / "tables.xlsx")
    seen_payload = False
    for sheet in tables.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), (
                        sheet.title, cell.coordinate, cell.value)
                    seen_payload |= cell.value.startswith("'=HYPERLINK(")
    assert seen_payload, "the formula payload did not reach tables.xlsx"
    plan_book = load_workbook(run_dir / "plan.xlsx")
    titles = [c.value for c in plan_book["interventions"]["C"]]
    assert PAYLOADS[3] in titles  # kept as typed, as text...
    for sheet in plan_book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)  # ...inert

    # a real browser with JavaScript on: nothing runs
    if chromium_path() is None:
        pytest.skip("Chromium is not installed here (CI installs Debian's chromium)")
    assert (run_dir / "report.pdf").is_file()  # printed with scripts disabled
    for bypass_csp in (False, True):
        states = _open_in_own_thread(pages, bypass_csp)
        assert sum(len(s["images"]) for s in states.values()) > 0
        for name, state in states.items():
            where = f"{name} (CSP {'bypassed' if bypass_csp else 'on'})"
            assert state["pwned"] is None and state["parentPwned"] is None, where
            assert "pwned" not in state["title"], where
            assert state["scripts"] == state["frames"] == 0, where
            assert state["handlers"] == state["jsUrls"] == 0, where
            assert state["events"] == [], (where, state["events"])
            assert all(state["images"]), where  # every figure is shown
        visible = "\n".join(s["text"] for s in states.values())
        assert "<script>window.__pwned=1</script>" in visible
        assert "=HYPERLINK(\"http://evil.test\",\"click\")" in visible


@pytest.mark.slow
def test_an_svg_figure_carrying_a_script_is_an_inert_image_in_chromium(tmp_path):
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from gcm_analysis.export import shared_exporter
    from gcm_analysis.pdf import chromium_path

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" '
           'onload="window.__pwned=20"><script>window.__pwned=21;'
           'parent.__pwned=22</script><rect width="40" height="20"/></svg>')
    figure = new_output("display_data", data={"image/svg+xml": svg,
                                              "text/plain": "A chart"})
    notebook = new_notebook(cells=[new_code_cell("show()", outputs=[figure])])
    html = shared_exporter().to_html(notebook, title="t", subtitle="s", footer="f")
    assert _static_problems(html) == []
    assert _svg_figure_problems(html) == ["<svg onload=...>", "<script>"]
    if chromium_path() is None:
        pytest.skip("Chromium is not installed here (CI installs Debian's chromium)")
    page = tmp_path / "figure.html"
    page.write_text(html, encoding="utf-8")
    for bypass_csp in (False, True):
        state = _open_in_own_thread([page], bypass_csp)[page.name]
        assert state["pwned"] is None and state["parentPwned"] is None
        assert state["scripts"] == state["handlers"] == 0
        assert state["images"] == [True]  # shown, as an image
        assert state["events"] == [], state["events"]
