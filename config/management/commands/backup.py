import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và thư mục tệp (MEDIA_ROOT) cùng nhau vào một thư mục, kèm "
        "manifest.json (SHA-256 của từng tệp). Xem docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Thư mục sao lưu (mới hoặc trống). Mặc định: var/backups/theodoi-<ngày giờ>.",
        )

    def handle(self, *args, output, **options):
        if output is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "var" / "backups" / f"theodoi-{stamp}"
        try:
            manifest = backup_create(destination=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        tables = manifest["database"]["tables"]
        media = len(manifest["files"]) - 1
        self.stdout.write(
            f"Đã sao lưu vào {output}: cơ sở dữ liệu {manifest['database']['vendor']} "
            f"({len(tables)} bảng, {sum(tables.values())} dòng) và {media} tệp của MEDIA_ROOT."
        )
