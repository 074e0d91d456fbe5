from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu (cơ sở dữ liệu và MEDIA_ROOT) sau khi kiểm tra manifest. "
        "Từ chối ghi đè nơi đã có dữ liệu, trừ khi có --force. Xem docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="Thư mục do lệnh backup tạo ra.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ghi đè cơ sở dữ liệu và MEDIA_ROOT hiện có (dữ liệu hiện có sẽ mất).",
        )

    def handle(self, *args, source, force, **options):
        try:
            manifest = backup_restore(source=source, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"Đã khôi phục {source} (sao lưu lúc {manifest['created_at']}): "
            f"{len(tables)} bảng, {sum(tables.values())} dòng, số dòng từng bảng khớp manifest; "
            f"{len(manifest['files']) - 1} tệp, SHA-256 từng tệp khớp."
        )
