"""Notebook tables readable in JupyterLab: text left, numbers right, long texts
wrapped at a readable width; the exported report keeps its own stylesheet."""

from __future__ import annotations

import pandas as pd

from gcm_analysis.export import sanitize_html
from gcm_analysis.reporting import LONG_TEXT, table_html


def test_text_is_left_aligned_numbers_right_and_long_text_wraps():
    table = pd.DataFrame({"objective": ["Data", "Vulnerability"],
                          "score": [56.7, 61.0],
                          "why": ["short", "w" * (LONG_TEXT + 1)]})
    html = table_html(table)
    assert '<td class="txt" style="text-align:left">Data</td>' in html
    assert '<td class="num" style="text-align:right">56.7</td>' in html
    assert ('<td class="txt" style="text-align:left;min-width:22em;max-width:42em;'
            'white-space:normal">short</td>') in html
    assert "style=" not in sanitize_html(html)  # the report's CSS does it there
    assert '<td class="txt">Data</td>' in sanitize_html(html)
