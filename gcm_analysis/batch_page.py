"""A batch's ``index.html``: one offline page that compares the countries.

Inline CSS, inline SVG charts and one small constant script (sorting and
filtering), nothing loaded from anywhere. Every text from data (country names,
regions, errors, objective titles) is HTML-escaped where it is written; the
script is a constant (no byte of it comes from data) and the page's
Content-Security-Policy allows that script only, by its SHA-256, so markup that
slipped into a name could not run. Text is in the batch's language
(``batch.*`` messages); figures are those of each run's ``headline.json``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from . import __version__
from .batch_currency import common_currency, conversion
from .i18n import format_percent, localise_number, t
from .numbers import date, number

#: Sorting (click a column header; again to reverse) and filtering (region,
#: income group). A constant: the CSP names its hash.
SCRIPT = """(function () {
  var table = document.getElementById('countries');
  var body = table.tBodies[0];
  var lang = document.documentElement.lang || 'en';
  function key(row, col, numeric) {
    var v = row.cells[col].getAttribute('data-sort');
    if (numeric) { var n = parseFloat(v); return isNaN(n) ? null : n; }
    return v || '';
  }
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, col) {
    var button = th.querySelector('button');
    if (!button) { return; }
    button.addEventListener('click', function () {
      var numeric = th.getAttribute('data-type') === 'number';
      var down = th.getAttribute('aria-sort') !== 'descending' && numeric
        || th.getAttribute('aria-sort') === 'ascending';
      Array.prototype.forEach.call(headers, function (h) {
        h.removeAttribute('aria-sort');
      });
      th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, col, numeric), y = key(b, col, numeric);
        if (x === null || y === null) { return (x === null) - (y === null); }
        var c = numeric ? x - y : String(x).localeCompare(String(y), lang);
        return down ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  var filters = document.querySelectorAll('select[data-filter]');
  var shown = document.getElementById('shown-count');
  function apply() {
    var n = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var ok = Array.prototype.every.call(filters, function (f) {
        return !f.value || row.getAttribute('data-' + f.getAttribute('data-filter'))
          === f.value;
      });
      row.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
  }
  Array.prototype.forEach.call(filters, function (f) {
    f.addEventListener('change', apply);
  });
  apply();
})();
"""
SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()

#: The page's stylesheet (inlined: the page loads nothing).
CSS_FILE = "batch_index.css"

_STATUS_CLASS = {"ok": "status-ok", "pending": "status-wait",
                 "interrupted": "status-wait"}
#: Chart colours: the report's primary and a lighter tint.
_DARK, _LIGHT, _GAP = "#1f4e79", "#8fb3d9", "#c0504d"


def _name(record: Any, facts: Mapping[str, Mapping[str, str]]) -> str:
    """A country's name in the page's language (the record's, else its code)."""
    return str(facts.get(record.country, {}).get("country_name")
               or record.country_name or record.country)


def _css() -> str:
    from . import paths

    return (paths.TEMPLATES_DIR / CSS_FILE).read_text(encoding="utf-8")


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if math.isnan(float(value)) else float(value)


def _amount(value: Any, lang: str, decimals: int = 0) -> str:
    number = _number(value)
    return "—" if number is None else localise_number(f"{number:,.{decimals}f}", lang)


def _per_person(value: float, lang: str) -> str:
    """An amount per person: two decimals, four below 0.1 (three significant
    digits; never three decimals, which a French reader takes for thousands)."""
    return _amount(value, lang, 2 if abs(value) >= 0.1 or value == 0 else 4)


def _share(value: Any, lang: str) -> str:
    number = _number(value)
    return "—" if number is None else format_percent(number, lang)


def plan_flag(headline: Mapping[str, Any], lang: str) -> tuple[str, str]:
    """(css class, words) saying whose plan a country's figures come from."""
    if not headline:
        return "", ""
    if headline.get("is_starter_plan"):
        return "flag-starter", t("batch.flag_starter", lang)
    if headline.get("is_illustrative_funding"):
        return "flag-funding", t("batch.flag_own_illustrative_funding", lang)
    return "flag-own", t("batch.flag_own", lang)


def _currency(records: Sequence[Any]) -> str:
    """The common currency of the money charts and columns
    (:func:`gcm_analysis.batch_currency.common_currency` of the finished runs)."""
    return common_currency(r.headline for r in records
                           if r.status == "ok" and r.headline)


def bar_chart(rows: Sequence[tuple[str, Sequence[float]]], series: Sequence[str],
              colours: Sequence[str], shown: Any, title: str) -> str:
    """An inline SVG of horizontal bars (one group per row, one bar per series);
    ``shown(value)`` writes a value. Labels are escaped; no script, no link.

    About 360 units wide, so that on a 390 px phone it is drawn near its own
    size (11 px text stays 11 px); a long name wraps onto more lines and its
    group grows to fit them."""
    label_w, bar_w, value_w, bar_h, line_h = 124, 168, 68, 12, 12
    width = label_w + bar_w + value_w
    legend: list[str] = []
    legend_h = 0
    if len(series) > 1:  # one line per series: long names never overrun the chart
        for k, (name, colour) in enumerate(zip(series, colours, strict=True)):
            legend.append(f'<rect x="{label_w}" y="{3 + 15 * k}" width="10" '
                          f'height="10" fill="{colour}"/><text x="{label_w + 14}" '
                          f'y="{12 + 15 * k}">{_esc(name)}</text>')
        legend_h = 15 * len(series) + 4
    top = max((max(values) for _, values in rows), default=0.0) or 1.0
    parts: list[str] = []
    y0 = legend_h
    for label, values in rows:
        lines = textwrap.wrap(label, 20) or [""]  # a long name on two lines or more
        group_h = max(bar_h * len(values) + 8, line_h * len(lines) + 6)
        first = y0 + group_h / 2 + 4 - line_h / 2 * (len(lines) - 1)
        spans = "".join(f'<tspan x="{label_w - 6}" y="{first + line_h * k:.0f}">'
                        f"{_esc(line)}</tspan>" for k, line in enumerate(lines))
        parts.append(f'<text text-anchor="end">{spans}</text>')
        bars_top = y0 + (group_h - bar_h * len(values)) / 2
        for j, (value, colour) in enumerate(zip(values, colours, strict=True)):
            length = max(0.0, value) / top * bar_w
            y = bars_top + j * bar_h
            parts.append(f'<rect x="{label_w}" y="{y:.0f}" width="{length:.1f}" '
                         f'height="{bar_h - 2}" fill="{colour}"/><text '
                         f'x="{label_w + length + 4:.1f}" y="{y + bar_h - 3:.0f}">'
                         f"{_esc(shown(value))}</text>")
        y0 += group_h
    height = y0 + 4 if rows else legend_h + 24
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}">'
            f"<title>{_esc(title)}</title>{''.join(legend)}{''.join(parts)}</svg>")


def _charts(records: Sequence[Any], currency: str, lang: str,
            facts: Mapping[str, Mapping[str, str]]) -> str:
    """Shares for every finished country; money in ``currency`` for those whose
    run recorded a rate to it, the others in a panel of their own currency."""
    done = [r for r in records if r.status == "ok" and r.headline]
    by_currency: dict[str, list[tuple[Any, float]]] = {}
    rates: list[tuple[str, Mapping[str, Any]]] = []
    for r in done:
        found = conversion(r.headline, currency)
        if found is not None:
            by_currency.setdefault(currency, []).append((r, found.factor))
            if found.rate is not None:  # converted: the rate it took
                rates.append((_name(r, facts), found.rate))
        elif r.headline.get("currency"):  # (a headline without one: shares only)
            by_currency.setdefault(str(r.headline["currency"]), []).append((r, 1.0))

    def rows(members: Sequence[tuple[Any, float]], key: str, *keys: str,
             scale: float = 1.0) -> list[tuple[str, list[float]]]:
        found = [(_name(r, facts),
                  [(_number(r.headline.get(k)) or 0.0) * factor * scale
                   for k in (key, *keys)])
                 for r, factor in members if _number(r.headline.get(key)) is not None]
        return sorted(found, key=lambda row: (-row[1][0], row[0]))

    def money(members: Sequence[tuple[Any, float]], code: str) -> list[str]:
        per_person = t("batch.chart_cost_per_capita", lang, currency=code)
        gap = t("batch.chart_gap", lang, currency=code)
        return [_figure(per_person, bar_chart(
                    rows(members, "cost_per_capita"), [per_person], [_DARK],
                    lambda v: _per_person(v, lang), per_person)),
                _figure(gap, bar_chart(
                    rows(members, "gap", scale=1e-6), [gap], [_GAP],
                    lambda v: _amount(v, lang, 1), gap))]

    shares = t("batch.chart_shares", lang)
    first = money(by_currency.get(currency, []), currency)
    figures = [first[0], _figure(shares, bar_chart(
        rows([(r, 1.0) for r in done], "secured_share", "expected_share"),
        [t("batch.series_secured", lang), t("batch.series_expected", lang)],
        [_DARK, _LIGHT], lambda v: format_percent(v, lang), shares)), first[1]]
    notes = [_conversion_notes(rates, currency, lang), _price_years(done, lang)]
    panels = []
    for code in sorted(c for c in by_currency if c != currency):
        names = ", ".join(sorted(_name(r, facts) for r, _ in by_currency[code]))
        panels.append(
            f'<h3>{_esc(t("batch.panel_own_currency", lang, currency=code))}</h3>'
            f'<p class="note">{_esc(t("batch.note_not_converted", lang, countries=names, currency=code, target=currency))}</p>'  # noqa: E501
            f'<div class="charts">{"".join(money(by_currency[code], code))}</div>')
    return (f'<div class="charts">{"".join(figures)}</div>'
            + "".join(note for note in notes if note) + "".join(panels))


def _figure(caption: str, svg: str) -> str:
    return f"<figure><figcaption>{_esc(caption)}</figcaption>{svg}</figure>"


def _conversion_notes(rates: Sequence[tuple[str, Mapping[str, Any]]],
                      currency: str, lang: str) -> str:
    """Under the charts: each conversion (country, the rate it took, as its plan
    recorded it) with its rate, date and source."""
    if not rates:
        return ""
    items = "".join(
        "<li>" + _esc(t("batch.note_conversion_rate", lang, country=name,
                        rate=number(rate["rate"], lang, None),
                        from_currency=rate["from_currency"],
                        to_currency=rate["to_currency"],
                        date=_date(rate["rate_date"], lang),
                        source=rate.get("source") or "—")) + "</li>"
        for name, rate in sorted(rates, key=lambda item: item[0]))
    return (f'<div class="note"><p>{_esc(t("batch.note_converted", lang, currency=currency))}'  # noqa: E501
            f"</p><ul>{items}</ul></div>")


def _date(value: str, lang: str) -> str:
    """A rate's date, in words; French writes the first of a month "1er"."""
    try:
        shown = date(value, lang)
    except ValueError:
        return value
    return "1er" + shown[1:] if lang == "fr" and shown.startswith("1 ") else shown


def _price_years(done: Sequence[Any], lang: str) -> str:
    """A note when the plans' price years differ (amounts are not rebased)."""
    years = sorted({int(y) for r in done
                    if (y := _number(r.headline.get("price_year"))) is not None})
    if len(years) < 2:
        return ""
    return (f'<p class="note">{_esc(t("batch.note_price_years", lang, first=years[0], last=years[-1]))}</p>')  # noqa: E501


def _label(key: str, lang: str, **values: Any) -> str:
    """A column's name and unit, as each cell of a card says it on a phone."""
    name = t(f"batch.col_{key}", lang)
    unit = t(f"batch.unit_{key}", lang, **values) \
        if f"batch.unit_{key}" in _catalogue(lang) else ""
    return f"{name} ({unit})" if unit else name


def _with_labels(row: str, labels: Sequence[str]) -> str:
    """``row`` with ``data-label`` on each of its cells, in order, and each
    cell's content in a ``<span class="value">`` (every ``<td`` and ``>`` of a
    tag in it is ours: text from data is escaped)."""
    parts = row.split("<td")
    assert len(parts) == len(labels) + 1, "one label per cell"
    cells = []
    for label, part in zip(labels, parts[1:], strict=True):
        start, end = part.index(">") + 1, part.rindex("</td>")
        cells.append(f'<td data-label="{_esc(label)}"{part[:start]}'
                     f'<span class="value">{part[start:end]}</span>{part[end:]}')
    return parts[0] + "".join(cells)


def _header(key: str, lang: str, numeric: bool = False, **values: Any) -> str:
    unit = t(f"batch.unit_{key}", lang, **values) \
        if f"batch.unit_{key}" in _catalogue(lang) else ""
    kind = "number" if numeric else "text"
    klass = ' class="num"' if numeric else ""
    unit_html = f'<span class="unit">{_esc(unit)}</span>' if unit else ""
    return (f'<th scope="col" data-type="{kind}"{klass}><button type="button">'
            f"{_esc(t(f'batch.col_{key}', lang))}</button>{unit_html}</th>")


def _catalogue(lang: str) -> Mapping[str, str]:
    from .i18n import catalogue

    return catalogue(lang)


def _row(record: Any, facts: Mapping[str, str], titles: Mapping[int, str],
         currency: str, lang: str) -> str:
    h = record.headline or {}
    own_currency = str(h.get("currency") or currency)
    suffix = "" if own_currency == currency else f"\u00a0{own_currency}"
    converted = conversion(h, currency) if h else None

    def num(key: str, shown_as: Any) -> str:
        """Own currency shown (``shown_as(value)``, with its code when not the
        column's); sorted by the amount in the column's currency (unconverted
        last)."""
        value = _number(h.get(key))
        if value is None:
            return '<td class="num" data-sort="">—</td>'
        sort = "" if converted is None else repr(value * converted.factor)
        shown = _esc(shown_as(value) + suffix)
        if suffix and converted is not None:
            shown += (f'<small class="converted">≈\u00a0'
                      f"{_esc(shown_as(value * converted.factor))}"
                      f"\u00a0{_esc(currency)}</small>")
        return f'<td class="num" data-sort="{_esc(sort)}">{shown}</td>'

    def millions(value: float) -> str:
        return _amount(value / 1e6, lang, 1 if abs(value) >= 1e6 else 2)

    def share(key: str) -> str:
        value = _number(h.get(key))
        return (f'<td class="num" data-sort="{"" if value is None else value!r}">'
                f"{_esc(_share(value, lang))}</td>")

    name = _name(record, {record.country: facts})
    status_word = t(f"batch.status_{record.status}", lang) \
        if f"batch.status_{record.status}" in _catalogue(lang) else record.status
    klass = _STATUS_CLASS.get(record.status, "status-bad")
    error = f'<span class="error">{_esc(record.error)}</span>' if record.error else ""
    flag_class, flag = plan_flag(h, lang)
    top = [f"{i}. {titles.get(int(i), '')}" for i in h.get("top_objective_ids", [])]
    objectives = "; ".join(top)
    links = []
    for key, path in (("html", record.report_html), ("pdf", record.report_pdf),
                      ("docx", getattr(record, "report_docx", ""))):
        if path:
            links.append(f'<a href="../../{_esc(path)}">{_esc(t(f"batch.link_{key}", lang))}</a>')  # noqa: E501
    region, income = facts.get("region", ""), facts.get("income_group", "")
    return (
        f'<tr data-region="{_esc(region)}" data-income="{_esc(income)}">'
        f'<td data-sort="{_esc(name)}">{_esc(name)} <small>{_esc(record.country)}'
        f"</small></td>"
        f'<td class="group" data-sort="{_esc(region)}">{_esc(region)}</td>'
        f'<td class="group" data-sort="{_esc(income)}">{_esc(income)}</td>'
        f'<td data-sort="{_esc(record.status)}"><span class="{klass}">'
        f"{_esc(status_word)}</span>{error}</td>"
        f'<td class="plan" data-sort="{_esc(flag)}">'
        + (f'<span class="flag {flag_class}">{_esc(flag)}</span>' if flag else "")
        + "</td>"
        + num("total_cost", millions)
        + num("cost_per_capita", lambda v: _per_person(v, lang))
        + share("secured_share") + share("expected_share") + num("gap", millions)
        + f'<td class="wide" data-sort="{_esc(objectives)}">'
        + "<br>".join(_esc(o) for o in top) + "</td>"
        + f'<td>{" · ".join(links)}</td>'
        + f'<td class="num" data-sort="{record.seconds!r}">'
        f"{_esc(_amount(record.seconds, lang, 1))}</td></tr>")


def _collate(value: str) -> str:
    """A sort key that files accented letters with their base letter
    ("État" with E, not after Z), as a French reader expects."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", value.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _select(key: str, values: Sequence[str], lang: str) -> str:
    options = "".join(f'<option value="{_esc(v)}">{_esc(v)}</option>'
                      for v in sorted(set(values), key=lambda v: (_collate(v), v))
                      if v)
    return (f'<label>{_esc(t(f"batch.filter_{key}", lang))} '
            f'<select data-filter="{key}"><option value="">'
            f'{_esc(t(f"batch.filter_all_{key}", lang))}</option>{options}'  # agrees
            "</select></label>")


def render_page(result: Any, summary: Mapping[str, Any], lang: str,
                facts: Mapping[str, Mapping[str, str]],
                titles: Mapping[int, str]) -> str:
    """The index page of a batch (see the module's docstring).

    ``facts`` maps ISO3 to ``country_name``, ``region``, ``income_group``;
    ``titles`` objective ids to their short titles, both in ``lang``.
    """
    records = list(result.records)
    currency = _currency(records)
    verdict = t("batch.verdict", lang, ok=summary["ok"], n=summary["countries"])
    if summary["failed"]:
        verdict += f", <strong>{_esc(t('batch.verdict_failed', lang, n=summary['failed']))}</strong>"  # noqa: E501
    if summary["stopped_by"]:
        verdict += " · <strong>" + _esc(t(
            "batch.verdict_stopped", lang, signal=summary["stopped_by"],
            n=summary["interrupted"])) + "</strong> " + _esc(t(
                "batch.verdict_resume", lang, batch_id=result.batch_id))
    elif summary["pending"]:
        verdict += " · " + _esc(t("batch.verdict_running", lang, n=summary["pending"]))
    basis = t("batch.note_basis", lang)
    labels = [_label(key, lang, currency=currency) for key in (
        "country", "region", "income", "status", "plan", "total_cost",
        "cost_per_capita", "secured_share", "expected_share", "gap",
        "top_objectives", "report", "seconds")]
    rows = "".join(_with_labels(_row(r, facts.get(r.country, {}), titles, currency,
                                     lang), labels) for r in records)
    headers = "".join([
        _header("country", lang), _header("region", lang), _header("income", lang),
        _header("status", lang), _header("plan", lang),
        _header("total_cost", lang, True, currency=currency),
        _header("cost_per_capita", lang, True, currency=currency),
        _header("secured_share", lang, True), _header("expected_share", lang, True),
        _header("gap", lang, True, currency=currency),
        _header("top_objectives", lang), _header("report", lang),
        _header("seconds", lang, True)])
    regions = [f.get("region", "") for f in facts.values()]
    incomes = [f.get("income_group", "") for f in facts.values()]
    title = t("batch.title", lang, batch_id=result.batch_id)
    return f"""<!DOCTYPE html>
<html lang="{_esc(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{SCRIPT_HASH}'">
<title>{_esc(title)}</title><style>{_css()}</style></head><body>
<header><h1>{_esc(title)}</h1><p>{verdict} · {summary['seconds']:.0f} s · GCM Workbook {_esc(__version__)}</p></header>
<main>
<h2>{_esc(t("batch.charts_heading", lang))}</h2>
{_charts(records, currency, lang, facts)}
<h2>{_esc(t("batch.table_heading", lang))}</h2>
<div class="filters">{_select("region", regions, lang)}{_select("income", incomes, lang)}
<span>{_esc(t("batch.shown", lang))} <strong id="shown-count">{len(records)}</strong> / {len(records)}</span></div>
<div class="scroll"><table id="countries"><thead><tr>{headers}</tr></thead>
<tbody>{rows}</tbody></table></div>
<p class="note">{_esc(basis)}</p>
</main>
<script>{SCRIPT}</script>
</body></html>
"""  # noqa: E501
