"""The hostile-input catalogue: one entry per case, documented in docs/hardening.md.

A case builds its file in a folder it is given and states what must happen:
``expect`` lists located problems that must be reported (each a :class:`Loc`:
message fragment and, where it applies, sheet, row, column, value and a fragment
of what was expected), or ``handled`` checks the plan read from a file that is
accepted on purpose (the documented safe handling).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from gcm_analysis import plan as plans

from .builders import (
    add_part,
    csv_plan,
    patch_part,
    read_rows,
    set_cell,
    set_setting,
    setting_row,
    sheet_part,
    write_rows,
    xlsx_plan,
)

ANY: Any = object()


@dataclass(frozen=True)
class Loc:
    """A problem that must be among those reported."""

    message: str
    sheet: Any = ANY
    row: Any = ANY
    column: Any = ANY
    value: Any = ANY
    expected: str | None = None

    def matches(self, problem: plans.Problem) -> bool:
        return (self.message in problem.message
                and all(want is ANY or want == got for want, got in (
                    (self.sheet, problem.sheet), (self.row, problem.row),
                    (self.column, problem.column), (self.value, problem.value)))
                and (self.expected is None
                     or self.expected in (problem.expected or "")))


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    build: Callable[[Path], Path]
    expect: tuple[Loc, ...] = ()
    handled: Callable[[plans.Plan], object] | None = None
    #: ParameterError instead of InputError when the run is refused (the
    #: parameter check refuses the file type before reading it)
    refused_by_parameters: bool = False
    marks: tuple[Any, ...] = field(default_factory=tuple)


CASES: list[Case] = []


def case(id: str, category: str, *expect: Loc, handled=None,
         refused_by_parameters: bool = False):
    def register(build: Callable[[Path], Path]) -> Callable[[Path], Path]:
        CASES.append(Case(id, category, build, tuple(expect), handled,
                          refused_by_parameters))
        return build
    return register


def cell(sheet: str, row: int, column: str, value: str, **funding: bool):
    """A CSV plan with one cell changed."""
    return lambda tmp: csv_plan(tmp, lambda f: set_cell(f, sheet, row, column, value),
                                **funding)


def xcell(sheet: str, ref: str, value: Any):
    """A workbook plan with one cell changed (as typed in Excel)."""
    def edit(workbook: openpyxl.Workbook) -> None:
        workbook[sheet][ref] = value
    return lambda tmp: xlsx_plan(tmp, edit)


def setting(name: str, value: str):
    return lambda tmp: csv_plan(tmp, lambda f: set_setting(f, name, value))


# ================================================================ structure
@case("missing_sheet", "structure",
      Loc("required sheet missing", sheet="cost_lines", row=None))
def _(tmp):
    return csv_plan(tmp, lambda f: (f / "cost_lines.csv").unlink())


@case("sheet_name_in_other_case", "structure",
      Loc("required sheet missing", sheet="settings", expected="found 'Settings'"))
def _(tmp):
    def edit(workbook):
        workbook["settings"].title = "renamed"  # openpyxl refuses a case-only rename
        workbook["renamed"].title = "Settings"
    return xlsx_plan(tmp, edit)


@case("missing_column", "structure",
      Loc("required column missing", sheet="cost_lines", row=1,
          column="unit_cost_likely"))
def _(tmp):
    def edit(folder):
        rows = read_rows(folder, "cost_lines")
        drop = rows[0].index("unit_cost_likely")
        write_rows(folder, "cost_lines", [r[:drop] + r[drop + 1:] for r in rows])
    return csv_plan(tmp, edit)


@case("header_not_in_row_1", "structure",
      Loc("required column missing", sheet="interventions", row=1,
          column="intervention_id"))
def _(tmp):
    def edit(workbook):
        workbook["interventions"].insert_rows(1)
        workbook["interventions"]["A1"] = "Interventions of the national plan"
    return xlsx_plan(tmp, edit)


@case("repeated_column_name", "structure",
      Loc("column name repeated", sheet="interventions", row=1, column="title"))
def _(tmp):
    def edit(folder):
        rows = read_rows(folder, "interventions")
        rows[0][rows[0].index("notes")] = "title"
        write_rows(folder, "interventions", rows)
    return csv_plan(tmp, edit)


@case("terminal_escape_in_header", "structure",
      Loc("column name repeated", sheet="interventions", row=1))
def _(tmp):
    def edit(folder):
        rows = read_rows(folder, "interventions")
        fake = "\x1b[2J\x1b[Hok: the plan is valid\x1b[8m"  # clear screen, hide
        rows[0] += [fake, fake]
        for row in rows[1:]:
            row += ["x", "y"]
        write_rows(folder, "interventions", rows)
    return csv_plan(tmp, edit)


@case("merged_header_cells", "structure",
      Loc("header cells C1:D1 are merged", sheet="interventions", row=1,
          expected="unmerge"),
      Loc("required column missing", sheet="interventions", column="lead_ministry"))
def _(tmp):
    return xlsx_plan(tmp, lambda wb: wb["interventions"].merge_cells("C1:D1"))


@case("merged_data_cells", "structure",
      Loc("cells B2:B4 are merged", sheet="cost_lines", row=2,
          column="intervention_id", expected="a value in each cell"))
def _(tmp):
    return xlsx_plan(tmp, lambda wb: wb["cost_lines"].merge_cells("B2:B4"))


@case("empty_workbook", "structure",
      Loc("required sheet missing", sheet="settings"),
      Loc("required sheet missing", sheet="interventions"),
      Loc("required sheet missing", sheet="cost_lines"))
def _(tmp):
    path = tmp / "empty.xlsx"
    openpyxl.Workbook().save(path)
    return path


@case("sheet_without_rows", "structure",
      Loc("the sheet has no data rows", sheet="cost_lines", row=None))
def _(tmp):
    return xlsx_plan(tmp, lambda wb: wb["cost_lines"].delete_rows(2, 100))


# ==================================================================== types
@case("text_in_number", "types",
      Loc("not a number", sheet="cost_lines", row=3, column="quantity_per_year",
          value="lots", expected="a number"))
def _(tmp):
    return cell("cost_lines", 3, "quantity_per_year", "lots")(tmp)


@case("text_in_whole_number", "types",
      Loc("not a whole number", sheet="interventions", row=3, column="objective_id",
          value="three", expected="from 1 to 23"))
def _(tmp):
    return xcell("interventions", "B3", "three")(tmp)


@case("decimal_comma", "types",
      Loc("write decimals with a point", sheet="cost_lines", row=2,
          column="unit_cost_likely", value="3600,50"))
def _(tmp):
    return cell("cost_lines", 2, "unit_cost_likely", "3600,50")(tmp)


@case("boolean_in_number", "types",
      Loc("TRUE or FALSE", sheet="cost_lines", row=2, column="quantity_per_year"))
def _(tmp):
    return xcell("cost_lines", "G2", True)(tmp)


@case("date_in_year_column", "types",
      Loc("the cell holds a date; type the year only", sheet="interventions", row=2,
          column="start_year"))
def _(tmp):
    return xcell("interventions", "F2", dt.datetime(2025, 1, 1))(tmp)


@case("date_stored_as_number", "types",
      Loc("Excel date serial", sheet="exchange_rates", row=2, column="rate_date",
          value=45474, expected="YYYY-MM-DD"))
def _(tmp):
    def edit(workbook):
        cell = workbook["exchange_rates"]["D2"]
        cell.value, cell.number_format = 45474, "General"  # shows 45474 in Excel
    return xlsx_plan(tmp, edit)


def _date_read(plan: plans.Plan) -> None:
    assert str(plan.exchange_rates.at[0, "rate_date"].date()) == "2024-07-01"


@case("date_serial_formatted_as_date", "types", handled=_date_read)
def _(tmp):
    return xcell("exchange_rates", "D2", 45474)(tmp)  # the cell keeps its date format


@case("date_out_of_range", "types",
      Loc("not a date", sheet="exchange_rates", row=2, column="rate_date",
          value="9999-12-31"))
def _(tmp):
    return xcell("exchange_rates", "D2", dt.datetime(9999, 12, 31))(tmp)


@case("date_as_day_month_text", "types",
      Loc("not a date", sheet="exchange_rates", row=2, column="rate_date",
          value="01/07/2024"))
def _(tmp):
    return cell("exchange_rates", 2, "rate_date", "01/07/2024")(tmp)


@case("negative_quantity", "numbers",
      Loc("value out of range", sheet="cost_lines", row=2, column="quantity_per_year",
          value="-12", expected="from 0"))
def _(tmp):
    return cell("cost_lines", 2, "quantity_per_year", "-12")(tmp)


@case("negative_cost", "numbers",
      Loc("value out of range", sheet="cost_lines", row=4, column="unit_cost_likely",
          value=-650))
def _(tmp):
    return xcell("cost_lines", "K4", -650)(tmp)


@case("nan_cost", "numbers",
      Loc("not a finite number", sheet="cost_lines", row=2, column="unit_cost_likely",
          value="NaN"))
def _(tmp):
    return cell("cost_lines", 2, "unit_cost_likely", "NaN")(tmp)


@case("infinite_cost", "numbers",
      Loc("not a finite number", sheet="cost_lines", row=2, column="unit_cost_high",
          value="inf"))
def _(tmp):
    return cell("cost_lines", 2, "unit_cost_high", "inf")(tmp)


@case("overflowing_cost", "numbers",
      Loc("not a finite number", sheet="cost_lines", row=2, column="unit_cost_likely",
          value="1e400"))
def _(tmp):
    return cell("cost_lines", 2, "unit_cost_likely", "1e400")(tmp)


@case("absurdly_large_cost", "numbers",
      Loc("value out of range", sheet="cost_lines", row=2, column="unit_cost_likely",
          expected="to 1e+15"))
def _(tmp):
    return cell("cost_lines", 2, "unit_cost_likely", "1e18")(tmp)


@case("absurdly_large_quantity", "numbers",
      Loc("value out of range", sheet="cost_lines", row=2, column="quantity_per_year",
          expected="to 1e+09"))
def _(tmp):
    return xcell("cost_lines", "G2", 1e12)(tmp)


@case("absurdly_large_rate", "numbers",
      Loc("value out of range", sheet="exchange_rates", row=2, column="rate"))
def _(tmp):
    return cell("exchange_rates", 2, "rate", "1e12")(tmp)


@case("absurdly_large_funding", "numbers",
      Loc("value out of range", sheet="funding", row=2, column="amount",
          expected="to 1e+15"))
def _(tmp):
    return cell("funding", 2, "amount", "1e20", funding=True)(tmp)


# ========================================================== Excel specifics
@case("excel_error_div0", "excel",
      Loc("Excel error value", sheet="cost_lines", row=3, column="unit_cost_likely",
          value="#DIV/0!"))
def _(tmp):
    return xcell("cost_lines", "K3", "#DIV/0!")(tmp)


@case("excel_error_ref_in_text", "excel",
      Loc("Excel error value", sheet="interventions", row=4, column="lead_ministry",
          value="#REF!"))
def _(tmp):
    return xcell("interventions", "D4", "#REF!")(tmp)


@case("excel_error_na_in_optional_cell", "excel",
      Loc("Excel error value", sheet="cost_lines", row=2, column="unit_cost_high",
          value="#N/A"))
def _(tmp):
    return xcell("cost_lines", "L2", "#N/A")(tmp)


@case("excel_error_text_in_csv", "excel",
      Loc("Excel error value", sheet="interventions", row=3, column="lead_ministry",
          value="#N/A"))
def _(tmp):
    return cell("interventions", 3, "lead_ministry", "#N/A")(tmp)


@case("formula_without_result", "excel",
      Loc("formula without a stored result", sheet="cost_lines", row=2,
          column="unit_cost_high", value="=K2*1.2", expected="open and save"))
def _(tmp):
    return xcell("cost_lines", "L2", "=K2*1.2")(tmp)


@case("formula_in_setting", "excel",
      Loc("formula without a stored result", sheet="settings",
          row=setting_row("contingency_pct"), column="value", value="=5+5"))
def _(tmp):
    return xcell("settings", f"B{setting_row('contingency_pct')}", "=5+5")(tmp)


def _formula_result(plan: plans.Plan) -> None:
    assert plan.cost_lines.at[0, "unit_cost_high"] == 4320


@case("formula_with_stored_result", "excel", handled=_formula_result)
def _(tmp):
    path = xlsx_plan(tmp, lambda wb: wb["cost_lines"].__setitem__("L2", "=K2*1.2"))
    # openpyxl writes the empty result as <v /> (its own writer) or <v></v>
    # (with lxml installed, as python-docx does)
    return patch_part(path, sheet_part(path, "cost_lines"),
                      lambda xml: re.sub(rb"<f>K2\*1\.2</f><v(?: ?/>|></v>)",
                                         b"<f>K2*1.2</f><v>4320</v>", xml))


@case("far_away_cell", "volume",
      Loc("too large to read", sheet="cost_lines", row=1048576, column="XFD"))
def _(tmp):
    return xcell("cost_lines", "XFD1048576", "x")(tmp)


@case("far_away_column", "volume",
      Loc("too large to read", sheet="cost_lines", column="XFD"))
def _(tmp):
    def edit(workbook):
        workbook["cost_lines"]["XFD200"] = "x"
    return xlsx_plan(tmp, edit)


@case("rows_100000_csv", "volume",
      Loc("more than 50,000 data rows", sheet="cost_lines"))
def _(tmp):
    def edit(folder):
        rows = read_rows(folder, "cost_lines")
        body = [list(r) for r in rows[1:]]
        many = [rows[0]] + [body[i % len(body)][:] for i in range(100_000)]
        for i, row in enumerate(many[1:]):
            row[0] = f"L{i}"
        write_rows(folder, "cost_lines", many)
    return csv_plan(tmp, edit)


@case("rows_100000_xlsx", "volume",
      Loc("too large to read", sheet="cost_lines", row=50002))
def _(tmp):
    path = xlsx_plan(tmp)
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>L%d</t></is></c>'
                    b"</row>" % (r, r, r) for r in range(27, 100_002))
    return patch_part(path, sheet_part(path, "cost_lines"),
                      lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>"))


@case("zip_bomb", "volume", Loc("too large once unpacked", sheet=None))
def _(tmp):
    return add_part(xlsx_plan(tmp), "xl/media/filler.bin", 300)


@case("xml_entity_bomb", "volume",
      Loc("the sheet cannot be read", sheet="cost_lines"))
def _(tmp):
    path = xlsx_plan(tmp)  # "billion laughs": nested entities, 10^10 characters
    entities = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10)
        for i in range(9)) + b"]>"

    def patch(xml: bytes) -> bytes:  # C2, the first line's item, holds the bomb
        bomb = re.sub(rb'<c r="C2"( s="\d+")? t="s"><v>\d+</v></c>',
                      rb'<c r="C2"\1 t="inlineStr"><is><t>&j;</t></is></c>', xml,
                      count=1)
        assert bomb != xml, "cell C2 of cost_lines holds no text"
        return bomb.replace(b"<worksheet", entities + b"<worksheet", 1)
    return patch_part(path, sheet_part(path, "cost_lines"), patch)


@case("many_rows_with_one_mistake", "volume",
      Loc("more cells with the same problem: value not allowed", sheet="cost_lines",
          column="category"))
def _(tmp):
    def edit(folder):
        rows = read_rows(folder, "cost_lines")
        body = rows[1:]
        many = [rows[0]] + [list(body[i % len(body)]) for i in range(5_000)]
        for i, row in enumerate(many[1:]):
            row[0], row[3] = f"L{i}", "food"
        write_rows(folder, "cost_lines", many)
    return csv_plan(tmp, edit)


# ============================================================ unreadable files
@case("password_protected", "files", Loc("password-protected", sheet=None))
def _(tmp):
    from gcm_analysis import planio

    path = tmp / "locked.xlsx"  # an OLE file with an EncryptedPackage stream
    path.write_bytes(planio._OLE_MAGIC + b"\0" * 504
                     + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64)
    return path


@case("csv_renamed_xlsx", "files", Loc("not an Excel workbook", sheet=None))
def _(tmp):
    path = tmp / "plan.xlsx"
    path.write_text("setting,value\ncountry,PRT\n", encoding="utf-8")
    return path


@case("image_renamed_xlsx", "files", Loc("not an Excel workbook"))
def _(tmp):
    path = tmp / "plan.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(256))
    return path


@case("word_document_renamed_xlsx", "files", Loc("cannot be read", sheet=None))
def _(tmp):
    import zipfile

    path = tmp / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


@case("truncated_workbook", "files", Loc("cannot be read", sheet=None))
def _(tmp):
    path = xlsx_plan(tmp)
    path.write_bytes(path.read_bytes()[:3000])
    return path


@case("zero_bytes", "files", Loc("the file is empty"))
def _(tmp):
    path = tmp / "plan.xlsx"
    path.write_bytes(b"")
    return path


@case("legacy_xls", "files", Loc("save it as an Excel Workbook (.xlsx)"),
      refused_by_parameters=True)
def _(tmp):
    path = tmp / "plan.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    return path


@case("opendocument_ods", "files", Loc("save it as an Excel Workbook (.xlsx)"),
      refused_by_parameters=True)
def _(tmp):
    path = tmp / "plan.ods"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    return path


@case("single_csv_file", "files", Loc("folder of CSV files"),
      refused_by_parameters=True)
def _(tmp):
    path = tmp / "cost_lines.csv"
    path.write_text("line_id\n1\n", encoding="utf-8")
    return path


@case("pipe_in_plan_folder", "files",
      Loc("not a regular file", sheet="settings"))
def _(tmp):
    def edit(folder):
        (folder / "settings.csv").unlink()
        os.mkfifo(folder / "settings.csv")  # reading it would block for ever
    return csv_plan(tmp, edit)


@case("link_to_device_in_plan_folder", "files",
      Loc("not a regular file", sheet="settings"))
def _(tmp):
    def edit(folder):
        (folder / "settings.csv").unlink()
        (folder / "settings.csv").symlink_to("/dev/zero")  # endless bytes
    return csv_plan(tmp, edit)


# ============================================================== references
@case("duplicate_intervention_id", "references",
      Loc("value repeated", sheet="interventions", row=3, column="intervention_id",
          value="PRT-01"))
def _(tmp):
    return cell("interventions", 3, "intervention_id", "PRT-01")(tmp)


@case("cost_line_unknown_intervention", "references",
      Loc("no intervention with this id", sheet="cost_lines", row=2,
          column="intervention_id", value="PRT-99"))
def _(tmp):
    return cell("cost_lines", 2, "intervention_id", "PRT-99")(tmp)


@case("earmark_unknown_intervention", "references",
      Loc("no intervention with this id", sheet="funding", row=3,
          column="earmark_intervention_id", value="PRT-99"))
def _(tmp):
    return cell("funding", 3, "earmark_intervention_id", "PRT-99", funding=True)(tmp)


@case("earmark_objective_outside_1_23", "references",
      Loc("value out of range", sheet="funding", row=3,
          column="earmark_objective_id", value="24", expected="from 1 to 23"))
def _(tmp):
    def edit(folder):
        set_cell(folder, "funding", 3, "earmark_objective_id", "24")
        set_cell(folder, "funding", 3, "earmark_intervention_id", "")
    return csv_plan(tmp, edit, funding=True)


def _earmark_kept(plan: plans.Plan) -> None:
    funding = plan.extra_sheets["funding"]
    assert 7 in set(funding["earmark_objective_id"].dropna())
    assert 7 not in set(plan.interventions["objective_id"])


@case("earmark_objective_without_intervention", "references", handled=_earmark_kept)
def _(tmp):
    return csv_plan(tmp, funding=True)  # row 4 earmarks objective 7: no intervention


@case("objective_zero", "references",
      Loc("value out of range", sheet="interventions", row=2, column="objective_id",
          value="0", expected="from 1 to 23"))
def _(tmp):
    return cell("interventions", 2, "objective_id", "0")(tmp)


@case("objective_24", "references",
      Loc("value out of range", sheet="interventions", row=5, column="objective_id",
          value=24))
def _(tmp):
    return xcell("interventions", "B5", 24)(tmp)


@case("unknown_currency", "references",
      Loc("unknown code", sheet="cost_lines", row=2, column="currency", value="XYZ"))
def _(tmp):
    return cell("cost_lines", 2, "currency", "XYZ")(tmp)


@case("currency_without_rate", "references",
      Loc("no exchange rate", sheet="cost_lines", row=5, column="currency",
          value="JPY"))
def _(tmp):
    return cell("cost_lines", 5, "currency", "JPY")(tmp)


@case("unknown_reporting_currency", "references",
      Loc("unknown code for setting 'reporting_currency'", sheet="settings",
          row=setting_row("reporting_currency"), column="value", value="EURO"))
def _(tmp):
    return setting("reporting_currency", "EURO")(tmp)


@case("end_year_before_start_year", "references",
      Loc("ends before it starts", sheet="interventions", row=4, column="end_year"))
def _(tmp):
    def edit(folder):
        set_cell(folder, "interventions", 4, "start_year", "2026")
        set_cell(folder, "interventions", 4, "end_year", "2025")
    return csv_plan(tmp, edit)


# ====================================================== percentages and shares
@case("contingency_typed_as_share", "shares",
      Loc("looks like a share", sheet="settings", row=setting_row("contingency_pct"),
          column="value", expected="type 10 for 10 %"))
def _(tmp):
    return setting("contingency_pct", "0.1")(tmp)


@case("inflation_typed_as_share", "shares",
      Loc("looks like a share", sheet="settings", row=setting_row("inflation_pct"),
          column="value"))
def _(tmp):
    return setting("inflation_pct", "0.02")(tmp)


@case("inflation_rates_typed_as_shares", "shares",
      Loc("look like shares", sheet="inflation_rates", row=2, column="inflation_pct"))
def _(tmp):
    def edit(folder):
        for row in (2, 3, 4):
            set_cell(folder, "inflation_rates", row, "inflation_pct", "0.02")
    return csv_plan(tmp, edit)


@case("contingency_over_100", "shares",
      Loc("out of range for setting 'contingency_pct'", sheet="settings",
          column="value"))
def _(tmp):
    return setting("contingency_pct", "150")(tmp)


@case("likelihood_typed_as_percent", "shares",
      Loc("value out of range", sheet="funding", row=3, column="likelihood",
          value="80", expected="from 0 to 1"))
def _(tmp):
    return cell("funding", 3, "likelihood", "80", funding=True)(tmp)


@case("likelihood_with_percent_sign_above_100", "shares",
      Loc("value out of range", sheet="funding", row=3, column="likelihood",
          value="180%"))
def _(tmp):  # "80%" is 0.8 (tests/test_plan_robust.py); "180%" is 1.8
    return cell("funding", 3, "likelihood", "180%", funding=True)(tmp)


@case("unit_cost_with_percent_sign", "shares",
      Loc("percent sign in a column of an amount", sheet="cost_lines", row=3,
          column="unit_cost_likely", value="12%"))
def _(tmp):
    return cell("cost_lines", 3, "unit_cost_likely", "12%")(tmp)


@case("likelihood_negative", "shares",
      Loc("value out of range", sheet="funding", row=3, column="likelihood"))
def _(tmp):
    return cell("funding", 3, "likelihood", "-0.2", funding=True)(tmp)


# ======================================================================= text
TITLES = ("برنامج الإدماج المحلي للمهاجرين",        # Arabic (right-to-left)
          "משרד הפנים",                              # Hebrew
          "移民融合计划 🌍", "Ação de integração — São Tomé")


def _unicode_kept(plan: plans.Plan) -> None:
    assert plan.interventions["title"].tolist()[:2] == list(TITLES[:2])
    assert plan.interventions.at[2, "lead_ministry"] == TITLES[2]
    assert plan.cost_lines.at[0, "item"] == TITLES[3]


@case("unicode_right_to_left_names", "text", handled=_unicode_kept)
def _(tmp):
    def edit(folder):
        set_cell(folder, "interventions", 2, "title", TITLES[0])
        set_cell(folder, "interventions", 3, "title", TITLES[1])
        set_cell(folder, "interventions", 4, "lead_ministry", TITLES[2])
        set_cell(folder, "cost_lines", 2, "item", TITLES[3])
    return csv_plan(tmp, edit)


@case("right_to_left_override", "text",
      Loc("invisible control character (U+202E)", sheet="interventions", row=2,
          column="title"))
def _(tmp):
    return cell("interventions", 2, "title", "Budget \u202e0001 DSU")(tmp)


@case("nul_character", "text",
      Loc("invisible control character (U+0000)", sheet="cost_lines", row=2,
          column="notes"))
def _(tmp):
    return cell("cost_lines", 2, "notes", "before\x00after")(tmp)


@case("very_long_title", "text",
      Loc("text too long (5,000 characters)", sheet="interventions", row=2,
          column="title", expected="at most 500 characters"))
def _(tmp):
    return cell("interventions", 2, "title", "x" * 5000)(tmp)


@case("cell_larger_than_csv_limit", "text",
      Loc("the CSV file is malformed", sheet="cost_lines", row=2))
def _(tmp):
    return cell("cost_lines", 2, "notes", "y" * 200_000)(tmp)


def _spaces_stripped(plan: plans.Plan) -> None:
    assert plan.interventions.at[0, "intervention_id"] == "PRT-01"
    assert plan.interventions.at[1, "title"].startswith("Multilingual")
    assert plan.cost_lines.at[0, "intervention_id"] == "PRT-01"
    assert plan.cost_lines.at[0, "currency"] == "EUR"
    assert plan.cost_lines.at[0, "category"] == "staff"


@case("leading_and_trailing_spaces", "text", handled=_spaces_stripped)
def _(tmp):
    def edit(folder):
        set_cell(folder, "interventions", 2, "intervention_id", "  PRT-01 ")
        set_cell(folder, "cost_lines", 2, "intervention_id", "PRT-01\u00a0")
        set_cell(folder, "cost_lines", 2, "currency", " eur ")
        set_cell(folder, "cost_lines", 2, "category", "staff ")
        rows = read_rows(folder, "interventions")
        rows[0][rows[0].index("title")] = " title "
        rows[2][rows[0].index(" title ")] = "  " + rows[2][rows[0].index(" title ")]
        write_rows(folder, "interventions", rows)
    return csv_plan(tmp, edit)


def _header_found(plan: plans.Plan) -> None:
    assert plan.interventions.at[0, "intervention_id"] == "PRT-01"


@case("invisible_characters_in_header", "text", handled=_header_found)
def _(tmp):
    return xcell("interventions", "A1", "\ufeffintervention_id\u200b")(tmp)


def _payload_is_data(plan: plans.Plan) -> None:
    assert plan.interventions.at[0, "title"] == '=HYPERLINK("http://x.test","y")'
    assert plan.interventions.at[1, "title"] == "<script>alert(1)</script>"


@case("formula_and_markup_text_is_data", "text", handled=_payload_is_data)
def _(tmp):
    def edit(folder):
        set_cell(folder, "interventions", 2, "title", '=HYPERLINK("http://x.test","y")')
        set_cell(folder, "interventions", 3, "title", "<script>alert(1)</script>")
    return csv_plan(tmp, edit)


# ============================================================ CSV encodings
@case("semicolon_separated_csv", "csv",
      Loc("separated by semicolons", sheet="settings", row=1,
          expected="comma separators"))
def _(tmp):
    def edit(folder):
        rows = read_rows(folder, "settings")
        text = "\n".join(";".join(c.replace(".", ",") for c in r) for r in rows)
        (folder / "settings.csv").write_text(text + "\n", encoding="utf-8")
    return csv_plan(tmp, edit)


def _extra_sheet_kept(plan: plans.Plan) -> None:
    assert plan.extra_sheets["my_notes"].columns.tolist() == ["remarks; misc"]


@case("semicolon_in_a_header_of_an_extra_sheet", "csv", handled=_extra_sheet_kept)
def _(tmp):
    def edit(folder):
        (folder / "my_notes.csv").write_text("remarks; misc\nkeep this\n",
                                             encoding="utf-8")
    return csv_plan(tmp, edit)


@case("tab_separated_csv", "csv", Loc("separated by tabs", sheet="priorities"))
def _(tmp):
    def edit(folder):
        rows = read_rows(folder, "priorities")
        text = "\n".join("\t".join(r) for r in rows)
        (folder / "priorities.csv").write_text(text + "\n", encoding="utf-8")
    return csv_plan(tmp, edit)


def _bom_ignored(plan: plans.Plan) -> None:
    assert plan.settings.country == "PRT"
    assert plan.interventions.at[0, "intervention_id"] == "PRT-01"


@case("byte_order_mark", "csv", handled=_bom_ignored)
def _(tmp):
    def edit(folder):
        for name in ("settings", "interventions"):
            path = folder / f"{name}.csv"
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return csv_plan(tmp, edit)


@case("utf16_csv", "csv", Loc("UTF-16", sheet="interventions"))
def _(tmp):
    def edit(folder):
        path = folder / "interventions.csv"
        path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    return csv_plan(tmp, edit)


@case("latin1_csv", "csv", Loc("not UTF-8", sheet="interventions"))
def _(tmp):
    def edit(folder):
        set_cell(folder, "interventions", 2, "title", "Ação")
        path = folder / "interventions.csv"
        path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    return csv_plan(tmp, edit)


CASE_IDS = [c.id for c in CASES]
assert len(CASE_IDS) == len(set(CASE_IDS)), "case ids must be unique"
