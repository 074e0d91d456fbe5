"""The Department's own list of units, read from an Excel (.xlsx) or CSV file, and what
importing it would change.

Reading goes through openpyxl (read-only mode, values only) for .xlsx and the standard
library's `csv` module for text files; nothing here parses a file format by hand. A file is
read as a whole into `Sheet` rows, each row checked column by column (every error keeps its row
and column for the Department to find it), then compared with the registry into an
`ImportPlan`: new, changed (old -> new per field) or unchanged. `units.services.unit_import`
writes a plan, all or nothing.

What the import never does: merge, split or end a unit that has work. Those move tasks and
obligations and go through the event services; a row that would end a unit with work is
refused with a pointer to the event pages.
"""

import csv
import datetime
import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from config.dates import parse_day_month_year
from config.search import fold

from .models import Unit, UnitKind

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 40
EXTENSIONS = (".xlsx", ".csv", ".txt", ".tsv")


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # as the template file prints it: the Department's own words
    label: object  # for the interface
    aliases: tuple[str, ...] = ()
    max_length: int | None = None


COLUMNS = (
    Column("code", "Mã", gettext_lazy("code"), ("code", "ma don vi"), 50),
    Column("name", "Tên đầy đủ", gettext_lazy("full name"), ("name", "full name", "ten"), 255),
    Column("short_name", "Tên viết tắt", gettext_lazy("short name"), ("short name",), 120),
    Column("symbol", "Ký hiệu", gettext_lazy("document symbol"), ("symbol", "ky hieu van ban"), 30),
    Column("kind", "Loại", gettext_lazy("kind"), ("kind", "loai don vi")),
    Column(
        "parent",
        "Mã đơn vị cấp trên",
        gettext_lazy("parent unit"),
        ("parent", "don vi cap tren", "cap tren"),
    ),
    Column("valid_from", "Hiệu lực từ", gettext_lazy("valid from"), ("valid from", "tu ngay")),
    Column("valid_to", "Hiệu lực đến", gettext_lazy("valid to"), ("valid to", "den ngay")),
    Column("aliases", "Tên gọi khác", gettext_lazy("aliases"), ("aliases",)),
)
BY_FIELD = {column.field: column for column in COLUMNS}
# Without these a row cannot make a unit; the others, when their column is absent from the
# file, leave the registry's values as they are.
REQUIRED_COLUMNS = ("code", "name", "short_name", "kind")
DATE_FIELDS = ("valid_from", "valid_to")
# Fields compared with the registry, in the order the preview shows them.
COMPARED = ("name", "short_name", "symbol", "kind", "parent", "valid_from", "valid_to", "aliases")


def _key(text) -> str:
    """How headers and kinds match: folded (config.search.fold), '_' as a space."""
    return fold(str(text).replace("_", " "))


_HEADERS = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.field, *_column.aliases):
        _HEADERS[_key(_name)] = _column.field


class FileRefused(Exception):
    """The file as a whole cannot be read: not a spreadsheet, too big, no header row."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the letter, as Excel shows it; "" when the error is the row's as a whole
    header: str
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(row)d, column %(column)s (%(header)s): %(message)s") % {
                "row": self.row,
                "column": self.column,
                "header": self.header,
                "message": self.message,
            }
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class Sheet:
    """The file's rows as values, with the column each field was found in."""

    columns: dict[str, int]  # field -> 0-based position
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number as the spreadsheet counts, cells)


# ---- reading ----------------------------------------------------------------------------


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The first sheet of an .xlsx, or a CSV file (UTF-8 with or without BOM, or UTF-16 with
    its BOM; comma, semicolon or tab), as rows of values. Refuses what is not a spreadsheet."""
    name = (filename or "").lower()
    if not name.endswith(EXTENSIONS):
        raise FileRefused(_("This is not a spreadsheet: choose an Excel (.xlsx) or CSV file."))
    if len(data) > MAX_BYTES:
        raise FileRefused(
            _("The file is too big: at most %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        table = _xlsx_rows(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRefused(
            _("This is an old Excel file (.xls): save it as .xlsx or CSV UTF-8 and upload again.")
        )
    elif name.endswith(".xlsx"):
        raise FileRefused(_("This file is not a valid Excel (.xlsx) file."))
    else:
        table = _csv_rows(data)
    return _with_header(table)


def _xlsx_rows(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise FileRefused(_("This file is not a valid Excel (.xlsx) file.")) from error
    except Exception as error:  # openpyxl raises many kinds on a damaged or encrypted file
        raise FileRefused(_("This file is not a valid Excel (.xlsx) file.")) from error
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(
            sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
        ):
            if number > MAX_ROWS + 1:
                raise FileRefused(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
            yield number, list(cells)
    except FileRefused:
        raise
    except Exception as error:
        raise FileRefused(_("This file is not a valid Excel (.xlsx) file.")) from error
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    # utf-8-sig takes UTF-8 with or without the BOM Excel writes; UTF-16 only with its BOM.
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise FileRefused(
            _(
                "The file is not UTF-8 text. In Excel, choose Save As, then “CSV UTF-8 "
                "(Comma delimited)”, and upload that file."
            )
        ) from error
    if "\x00" in text:
        raise FileRefused(_("This is not a spreadsheet: choose an Excel (.xlsx) or CSV file."))
    # Text typed on a Mac or pasted from the web may be decomposed: compare composed text.
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff"))


def _csv_rows(data: bytes):
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # The header line names the columns: the delimiter is the one it uses most. (csv.Sniffer
    # is not used: its guesses run backtracking expressions over the whole sample.)
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise FileRefused(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
            yield number, cells[:MAX_COLUMNS]
    except csv.Error as error:
        raise FileRefused(
            _("The file cannot be read as CSV near row %(row)d.") % {"row": reader.line_num}
        ) from error


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


HEADER_SEARCH_ROWS = 10


def _columns_of(cells) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    headers = ["" if h is None else str(h).strip() for h in cells]
    while headers and not headers[-1]:
        headers.pop()  # openpyxl pads rows to the columns asked for
    for position, header in enumerate(headers):
        found = _HEADERS.get(_key(header))
        if found and found not in columns:
            columns[found] = position
    return columns, headers


def _with_header(table) -> Sheet:
    """The header is the first row that names the required columns, among the first few rows
    that are not empty (a list often has its title above the table); empty rows are skipped."""
    header = None
    first_row = None
    rows = []
    seen = 0
    for number, cells in table:
        if all(_blank(cell) for cell in cells):
            continue
        if header is not None:
            rows.append((number, cells))
            continue
        seen += 1
        columns, headers = _columns_of(cells)
        if first_row is None:
            first_row = (columns, headers)
        if all(f in columns for f in REQUIRED_COLUMNS):
            header = (columns, headers)
        elif seen >= HEADER_SEARCH_ROWS:
            break
    if first_row is None:
        raise FileRefused(_("The file is empty."))
    if header is None:
        columns = first_row[0]
        missing = [BY_FIELD[f].header for f in REQUIRED_COLUMNS if f not in columns]
        raise FileRefused(
            _("The first row must name the columns as the template does; missing: %(columns)s.")
            % {"columns": ", ".join(f"“{m}”" for m in missing)}
        )
    columns, headers = header
    return Sheet(columns=columns, headers=headers, rows=rows)


# ---- one row ----------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number comes back from Excel as 12.0
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def parse_date(value) -> datetime.date | None:
    """A real Excel date, or text dd/mm/yyyy (also with - or .), or ISO yyyy-mm-dd.
    Raises ValueError for anything else, an impossible date included."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("number")  # a number in a date column is not a date the user saw
    text = _text(value)
    if not text:
        return None
    # The rule of every date field (config/dates.py): day first, or ISO; never swapped.
    try:
        return parse_day_month_year(text)
    except ValidationError:
        raise ValueError(text) from None


def _aliases(value) -> str:
    """One alias per line, whether the cell had them on lines or separated by ';'."""
    text = "" if value is None else str(value)
    names = []
    for line in text.replace(";", "\n").splitlines():
        name = " ".join(line.split())
        if name and name not in names:
            names.append(name)
    return "\n".join(names)


_KINDS = {}
for _kind in UnitKind:
    _KINDS[_key(_kind.value)] = _kind.value


def _kind(value) -> str:
    key = _key(_text(value))
    if not _KINDS.get(key):
        # Labels are matched in the language of the request, so both the Vietnamese and the
        # English names of the kind are taken.
        for kind in UnitKind:
            if key == _key(kind.label):
                return kind.value
        raise ValueError(key)
    return _KINDS[key]


@dataclass
class Row:
    number: int
    values: dict  # field -> value (parent as a code), only for the columns the file has
    errors: list[RowError] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.values.get("code", "")


def _error(sheet: Sheet, number: int, field_name: str, message: str) -> RowError:
    position = sheet.columns.get(field_name)
    if position is None:
        return RowError(number, "", "", message)
    return RowError(number, get_column_letter(position + 1), sheet.headers[position], message)


def parse_row(sheet: Sheet, number: int, cells: list) -> Row:
    row = Row(number, {})

    def cell(field_name):
        position = sheet.columns[field_name]
        return cells[position] if position < len(cells) else None

    for field_name in sheet.columns:
        raw = cell(field_name)
        column = BY_FIELD[field_name]
        try:
            if field_name in DATE_FIELDS:
                value = parse_date(raw)
            elif field_name == "kind":
                value = _kind(raw) if not _blank(raw) else ""
            elif field_name == "aliases":
                value = _aliases(raw)
            else:
                value = _text(raw)
        except ValueError:
            if field_name == "kind":
                message = _("unknown kind “%(value)s”; use one of the kinds in the template.") % {
                    "value": _text(raw)
                }
            else:
                message = _("“%(value)s” is not a date; write it as dd/mm/yyyy.") % {
                    "value": _text(raw)
                }
            row.errors.append(_error(sheet, number, field_name, message))
            continue
        if field_name in REQUIRED_COLUMNS and not value:
            row.errors.append(_error(sheet, number, field_name, _("this cell is required.")))
            continue
        if column.max_length and len(value) > column.max_length:
            row.errors.append(
                _error(
                    sheet,
                    number,
                    field_name,
                    _("at most %(n)d characters (this one has %(m)d).")
                    % {"n": column.max_length, "m": len(value)},
                )
            )
            continue
        row.values[field_name] = value
    code = row.values.get("code", "")
    if code and not _is_slug(code):
        row.errors.append(
            _error(
                sheet,
                number,
                "code",
                _(
                    "“%(value)s”: a code takes only unaccented letters, digits and hyphens, "
                    "for example huyen-uy-binh-son."
                )
                % {"value": code},
            )
        )
        row.values.pop("code")
    begin, end = row.values.get("valid_from"), row.values.get("valid_to")
    if begin and end and end < begin:
        row.errors.append(
            _error(sheet, number, "valid_to", _("the end date is before the start date."))
        )
    return row


def _is_slug(code: str) -> bool:
    return all(c.isascii() and (c.isalnum() or c in "-_") for c in code)


# ---- the plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class PlannedUnit:
    row: int
    code: str
    status: str  # "new", "changed", "unchanged"
    values: dict
    changes: list[Change] = field(default_factory=list)
    unit: Unit | None = None
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportPlan:
    units: list[PlannedUnit]
    errors: list[RowError]
    columns: list[str]
    warnings: list[str] = field(default_factory=list)
    pk_of: dict[str, int] = field(default_factory=dict)  # the registry's codes, for writing

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def with_status(self, status: str) -> list[PlannedUnit]:
        return [u for u in self.units if u.status == status]

    @property
    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for unit in self.units:
            counts[unit.status] += 1
        return counts

    @property
    def has_changes(self) -> bool:
        return any(u.status != "unchanged" for u in self.units)

    @property
    def digest(self) -> str:
        """What the preview showed: confirming a plan whose digest differs (the registry
        changed in between) shows the new preview instead of writing."""
        text = repr(
            [(u.code, u.status, [(c.field, c.old, c.new) for c in u.changes]) for u in self.units]
        )
        return hashlib.sha256(text.encode()).hexdigest()


def _shown(field_name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if field_name == "kind":
        return str(UnitKind(value).label)
    if field_name == "aliases":
        return "; ".join(value.splitlines())
    return str(value)


def plan_import(sheet: Sheet) -> ImportPlan:
    """Every row checked against the file and the registry. Reads the registry once, and the
    work of the units a row would end once per kind of work, whatever the file's size."""
    rows = [parse_row(sheet, number, cells) for number, cells in sheet.rows]
    if not rows:
        raise FileRefused(_("The file has no unit below its header row."))
    existing = {
        unit.code: unit
        for unit in Unit.objects.only(*(f for f in COMPARED if f != "parent"), "parent", "code")
    }
    code_of = {unit.pk: code for code, unit in existing.items()}

    first_row: dict[str, int] = {}
    for row in rows:
        code = row.code
        if not code:
            continue
        if code in first_row:
            row.errors.append(
                _error(
                    sheet,
                    row.number,
                    "code",
                    _("the code %(code)s is already on row %(first)d.")
                    % {"code": code, "first": first_row[code]},
                )
            )
        else:
            first_row[code] = row.number

    # The parent of every unit once the file is applied: the file's column where it has one,
    # the registry's otherwise. A parent may be defined further down the same file.
    parent_of = {code: code_of.get(unit.parent_id) for code, unit in existing.items()}
    for row in rows:
        if row.code and "parent" in row.values and first_row.get(row.code) == row.number:
            parent = row.values["parent"]
            if parent and parent not in existing and parent not in first_row:
                row.errors.append(
                    _error(
                        sheet,
                        row.number,
                        "parent",
                        _("no unit has the code %(code)s, in the registry or in this file.")
                        % {"code": parent},
                    )
                )
                continue
            if parent == row.code:
                row.errors.append(
                    _error(sheet, row.number, "parent", _("a unit cannot be its own parent."))
                )
                continue
            parent_of[row.code] = parent or None
    cyclic = _codes_in_cycles(parent_of)
    for row in rows:
        if row.code in cyclic and "parent" in row.values and first_row[row.code] == row.number:
            row.errors.append(
                _error(
                    sheet,
                    row.number,
                    "parent",
                    _("the parent units go round in a circle back to %(code)s.")
                    % {"code": row.code},
                )
            )

    planned = []
    for row in rows:
        if row.errors or not row.code or first_row[row.code] != row.number:
            continue
        unit = existing.get(row.code)
        if unit is None:
            planned.append(PlannedUnit(row.number, row.code, "new", row.values))
            continue
        begin = row.values.get("valid_from", unit.valid_from)
        end = row.values.get("valid_to", unit.valid_to)
        if begin and end and end < begin:
            row.errors.append(
                _error(sheet, row.number, "valid_to", _("the end date is before the start date."))
            )
            continue
        changes = []
        for field_name in COMPARED:
            if field_name not in row.values:
                continue
            old = (
                code_of.get(unit.parent_id) if field_name == "parent" else getattr(unit, field_name)
            )
            new = row.values[field_name]
            if field_name == "aliases":
                old = _aliases(old)
            if (old or None) != (new or None):
                changes.append(
                    Change(
                        field_name,
                        str(BY_FIELD[field_name].label),
                        _shown(field_name, old),
                        _shown(field_name, new),
                    )
                )
        planned.append(
            PlannedUnit(
                row.number,
                row.code,
                "changed" if changes else "unchanged",
                row.values,
                changes,
                unit,
            )
        )
    _refuse_event_changes(sheet, planned)
    errors = [error for row in rows for error in row.errors] + [
        error for unit in planned for error in unit.errors
    ]
    errors.sort(key=lambda e: (e.row, e.column))
    plan = ImportPlan(units=planned, errors=errors, columns=list(sheet.columns))
    plan.pk_of = {code: unit.pk for code, unit in existing.items()}
    if any(c.field in ("name", "short_name", "symbol") for p in planned for c in p.changes):
        plan.warnings.append(
            _(
                "A changed name or symbol corrects the unit's present record. To rename a unit "
                "from a date, so that documents dated before keep the old name, use “Rename” "
                "in the registry."
            )
        )
    return plan


def _codes_in_cycles(parent_of: dict[str, str | None]) -> set[str]:
    """Codes whose chain of parents comes back to a code already on the chain. Linear: each
    code is walked once, then known to end at the top or in a circle."""
    settled: dict[str, bool] = {}  # code -> in a cycle
    for start in parent_of:
        path: list[str] = []
        on_path: set[str] = set()
        node = start
        while node is not None and node not in settled and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent_of.get(node)
        if node is not None and node in on_path:
            loop = path[path.index(node) :]
            for code in path:
                settled[code] = code in loop
        else:
            for code in path:
                settled[code] = False
    return {code for code, looped in settled.items() if looped}


def _refuse_event_changes(sheet: Sheet, planned: list[PlannedUnit]) -> None:
    """A row that ends a unit with work, or moves the end an event recorded, is refused:
    ending hands tasks, obligations and members on, which only the event services do."""
    from directives.models import Directive, TaskCoordination, TaskLead
    from reports.periods.models import ReportingObligation

    from .models import Membership, UnitEvent

    ending = {}
    moved = {}
    for unit in planned:
        if unit.status != "changed" or not any(c.field == "valid_to" for c in unit.changes):
            continue
        new_end = unit.values.get("valid_to")
        moved[unit.unit.pk] = unit
        if new_end and (unit.unit.valid_to is None or new_end < unit.unit.valid_to):
            ending[unit.unit.pk] = (unit, new_end)
    if not moved:
        return
    recorded = set(
        UnitEvent.predecessors.through.objects.filter(
            unit_id__in=moved, unitevent__kind__in=["merge", "split", "end"]
        ).values_list("unit_id", flat=True)
    )
    for pk in recorded:
        unit = moved[pk]
        unit.errors.append(
            _error(
                sheet,
                unit.row,
                "valid_to",
                _(
                    "the end of %(code)s was recorded as a change to the organisation; "
                    "correct it through the registry's change pages, not the import."
                )
                % {"code": unit.code},
            )
        )
    ending = {pk: v for pk, v in ending.items() if pk not in recorded}
    if not ending:
        return
    work: dict[int, set[str]] = {pk: set() for pk in ending}

    def after(pk) -> datetime.date:
        return ending[pk][1]

    for model in (TaskLead, TaskCoordination):
        for pk, valid_to in model.objects.filter(unit_id__in=ending).values_list(
            "unit_id", "valid_to"
        ):
            if valid_to is None or valid_to > after(pk):
                work[pk].add(_("tasks"))
    for pk, due_on in ReportingObligation.objects.filter(unit_id__in=ending).values_list(
        "unit_id", "period__due_on"
    ):
        if due_on > after(pk):
            work[pk].add(_("reports due"))
    for pk in Directive.objects.filter(monitoring_unit_id__in=ending).values_list(
        "monitoring_unit_id", flat=True
    ):
        work[pk].add(_("directives it monitors"))
    for pk in Membership.objects.filter(unit_id__in=ending, user__is_active=True).values_list(
        "unit_id", flat=True
    ):
        work[pk].add(_("accounts"))
    for pk, kinds in work.items():
        if not kinds:
            continue
        unit = ending[pk][0]
        unit.errors.append(
            _error(
                sheet,
                unit.row,
                "valid_to",
                _(
                    "%(code)s still has work after this date (%(work)s): end it, merge it or "
                    "split it through the registry's change pages, which hand the work on."
                )
                % {"code": unit.code, "work": ", ".join(sorted(kinds))},
            )
        )


def read_and_plan(data: bytes, filename: str) -> ImportPlan:
    return plan_import(read_sheet(data, filename))
