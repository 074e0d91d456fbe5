"""Read a directive from a .docx or a text file and print what was recognised as JSON.

python manage.py import_directive van-ban.docx            # prints, saves nothing
python manage.py import_directive van-ban.txt --save --monitoring-unit btgtu
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directives.importing.plan import build_plan
from directives.importing.services import ImportRefused, directive_import_save
from documents.reading import ReadError, read_docx, read_text
from units.models import Unit


def read_file(path: Path):
    data = path.read_bytes()
    if path.suffix.lower() == ".docx" or data[:2] == b"PK" or data[:4] == b"\xd0\xcf\x11\xe0":
        return read_docx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(_("The file is neither a Word .docx file nor UTF-8 text.")) from error
    return read_text(text)


class Command(BaseCommand):
    help = "Reads a directive (.docx or text) and prints what was recognised as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--save", action="store_true", help="Save it as a draft directive.")
        parser.add_argument(
            "--monitoring-unit",
            default="btgtu",
            help="Code of the unit that follows the directive up (default btgtu).",
        )

    def handle(self, *args, file: Path, save: bool, monitoring_unit: str, **options):
        if not file.is_file():
            raise CommandError(_("No file %(file)s.") % {"file": file})
        try:
            plan = build_plan(read_file(file))
        except ReadError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(plan, ensure_ascii=False, indent=2))
        if not save:
            return
        unit = Unit.objects.filter(code=monitoring_unit).first()
        if unit is None:
            raise CommandError(_("No unit has the code “%(code)s”.") % {"code": monitoring_unit})
        try:
            directive = directive_import_save(plan=plan, monitoring_unit=unit)
        except ImportRefused as error:
            raise CommandError(str(error)) from error
        self.stderr.write(
            _("Saved as a draft: %(directive)s (%(slug)s).")
            % {"directive": directive, "slug": directive.slug}
        )
