"""The French report reads as French: the lint of gcm_analysis.french_lint over
the session's French run (KEN in conftest.CHAIN_RUNS), and the lint itself."""

from __future__ import annotations

import pytest
from conftest import FRENCH_RUN

from gcm_analysis import io
from gcm_analysis.french_lint import problems, visible_text

NNBSP = "\u202f"


def test_the_lint_finds_what_a_francophone_reader_trips_over():
    page = ("<html><head><style>p{color:red}</style></head><body>"
            "<h1>Profil de pays : le Kenya</h1>"
            "<p>2,1 million(s) USD pour the plan; 40% du coût</p>"
            "<td>645,542</td><td>645 542</td><td>Sub-Saharan Africa</td>"
            "<script>var and = 1;</script><code>x: y</code></body></html>")
    found = problems(page)
    def count(start: str) -> int:
        return sum(line.startswith(start) for line in found)

    assert count("'(s)'") == 1
    assert count("English 'the'") == 1 and count("English 'Sub-Saharan'") == 1
    assert count("no U+202F before ';'") == 1 and count("no U+202F before '%'") == 1
    assert count("no U+202F before ':'") == 1  # ordinary space in the heading
    assert count("number") == 2
    assert "var and" not in visible_text(page) and "x: y" not in visible_text(page)
    clean = (f"<p>Profil de pays{NNBSP}: le Kenya, 645{NNBSP}542\u00a0USD, "
             f"40{NNBSP}% du coût{NNBSP}; en % du PIB, années 2027-2029</p>")
    assert problems(clean) == []


@pytest.mark.slow
@pytest.mark.xdist_group("chain")
def test_the_french_report_has_no_english_and_french_typography(chain_runs):
    iso3 = FRENCH_RUN
    root, _results = chain_runs
    html = (root / iso3 / "r" / "report.html").read_text(encoding="utf-8")
    # the titles of the sources are proper names, left in their language
    titles = tuple(io.read_reference("data_sources")["dataset"].astype(str))
    found = problems(html, allowed=titles)
    assert not found, "\n".join(found[:40])
    assert f"{NNBSP}%" in html and "(s)" not in visible_text(html)
