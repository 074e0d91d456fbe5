"""`backup` / `restore`: the database and the media folder saved together and restored whole, on
the database the suite runs on (PostgreSQL in CI, SQLite otherwise); a tampered or mismatched
pair, or an occupied target, is refused and nothing changes."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)

MEDIA_FILES = {
    # Evidence-like names as units upload them (Vietnamese, spaces), nested like the app's.
    "evidence/2026/12/Báo cáo quý IV – Bình Sơn.pdf": b"%PDF-1.7\n" + os.urandom(40_000),
    "evidence/2026/12/ảnh hội nghị.jpg": b"\xff\xd8\xff\xe0" + os.urandom(5_000),
    "notes/empty.txt": b"",
}


def fill_media(media_root: Path) -> None:
    for name, content in MEDIA_FILES.items():
        path = media_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def source_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


class FreshDatabase:
    """An empty database of the suite's vendor, outside the test database, for a restore run
    in another process: a second PostgreSQL database, or an SQLite file."""

    def __init__(self, tmp_path: Path):
        params = connection.settings_dict
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            import psycopg

            self.name = f"{params['NAME']}_restore"
            self.conninfo = {
                key: value
                for key, value in {
                    "host": params.get("HOST"),
                    "port": params.get("PORT"),
                    "user": params.get("USER"),
                    "password": params.get("PASSWORD"),
                }.items()
                if value
            }
            with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                admin.execute(f'CREATE DATABASE "{self.name}"')
            auth = params.get("USER") or ""
            if params.get("PASSWORD"):
                auth += f":{params['PASSWORD']}"
            host = f"{params.get('HOST') or 'localhost'}:{params.get('PORT') or 5432}"
            self.url = f"postgres://{auth}@{host}/{self.name}"
        else:
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def row_counts(self) -> dict[str, int]:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(dbname=self.name, **self.conninfo) as db:
                tables = [
                    row[0]
                    for row in db.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                ]
                return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        with sqlite3.connect(self.path) as db:
            tables = [
                row[0]
                for row in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}

    def drop(self) -> None:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def restore_elsewhere(backup: Path, *, database_url: str, media_root: Path, force=False):
    """`manage.py restore` in a process of its own, pointed at another database and media
    folder, as an administrator would run it on a new server."""
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup), *(["--force"] if force else [])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def fresh_database(tmp_path):
    database = FreshDatabase(tmp_path)
    yield database
    database.drop()


@pytest.fixture
def demo_site(settings):
    """A database with the seed, the demo periods and reports and the consolidated report (its
    PDF in the media folder), plus uploaded files."""
    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("load_seed", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False
    fill_media(Path(django_settings.MEDIA_ROOT))


def test_a_round_trip_restores_every_row_and_every_file(demo_site, fresh_database, tmp_path):
    media_root = Path(django_settings.MEDIA_ROOT)
    rows_before = source_row_counts()
    files_before = checksums(media_root)
    # Real data, not an empty schema: the workflow's tables hold rows and the PDF exists.
    for table in ["auth_user", "units_unit", "directives_task", "reports_unitreport"]:
        assert rows_before[table] > 0, table
    assert rows_before["reports_taskprogress"] > rows_before["reports_unitreport"]
    assert any(name.endswith(".pdf") and name.startswith("consolidated/") for name in files_before)

    call_command("backup", output=tmp_path / "backup", stdout=open(os.devnull, "w"))  # noqa: SIM115
    restored_media = tmp_path / "restored-media"
    result = restore_elsewhere(
        tmp_path / "backup", database_url=fresh_database.url, media_root=restored_media
    )

    assert result.returncode == 0, result.stderr
    assert "Đã khôi phục" in result.stdout
    assert fresh_database.row_counts() == rows_before
    assert checksums(restored_media) == files_before


@pytest.fixture
def small_backup(tmp_path):
    """A backup of a few rows and files, and the site's state when it was taken."""
    from units.models import Unit

    Unit.objects.create(code="bs", name="Huyện ủy Bình Sơn", short_name="Bình Sơn", symbol="HU")
    fill_media(Path(django_settings.MEDIA_ROOT))
    call_command("backup", output=tmp_path / "a", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return tmp_path / "a"


def refused(backup: Path, **options) -> str:
    """Restore into the test's own database and media; the message of the refusal, after
    checking that neither changed."""
    media_root = Path(django_settings.MEDIA_ROOT)
    rows, files = source_row_counts(), checksums(media_root)
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(backup), **options)
    assert source_row_counts() == rows
    assert checksums(media_root) == files
    return str(refusal.value)


def test_a_changed_media_file_is_refused(small_backup):
    (small_backup / "media" / "notes" / "empty.txt").write_bytes(b"edited after the backup")
    message = refused(small_backup, force=True)
    assert "không khớp manifest" in message
    assert "media/notes/empty.txt đã bị thay đổi" in message


def test_a_database_from_another_backup_is_refused(small_backup, tmp_path):
    from units.models import Unit

    Unit.objects.create(code="st", name="Huyện ủy Sơn Tịnh", short_name="Sơn Tịnh", symbol="HU")
    call_command("backup", output=tmp_path / "b", stdout=open(os.devnull, "w"))  # noqa: SIM115
    dump = json.loads((small_backup / "manifest.json").read_text())["database"]["file"]
    shutil.copy(tmp_path / "b" / dump, small_backup / dump)

    message = refused(small_backup, force=True)
    assert "cùng một lần sao lưu" in message
    assert f"{dump} đã bị thay đổi" in message


def test_a_missing_or_added_file_is_refused(small_backup):
    (small_backup / "media" / "evidence" / "2026" / "12" / "ảnh hội nghị.jpg").unlink()
    (small_backup / "media" / "intruder.pdf").write_bytes(b"%PDF-1.7")
    message = refused(small_backup, force=True)
    assert "thiếu tệp media/evidence/2026/12/ảnh hội nghị.jpg" in message
    assert "media/intruder.pdf không có trong manifest" in message


def test_a_manifest_naming_a_file_outside_the_backup_is_refused(small_backup, tmp_path):
    manifest_path = small_backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    (tmp_path / "secret").write_bytes(b"x")
    manifest["files"]["media/../../secret"] = {
        "sha256": hashlib.sha256(b"x").hexdigest(),
        "bytes": 1,
    }
    manifest_path.write_text(json.dumps(manifest))
    assert "đường dẫn không hợp lệ" in refused(small_backup, force=True)


def test_a_backup_without_its_manifest_is_refused(small_backup):
    (small_backup / "manifest.json").unlink()
    assert "không có manifest.json" in refused(small_backup, force=True)


def test_an_occupied_target_is_refused_without_force(small_backup):
    # The test database has tables and the media folder files: both are named.
    message = refused(small_backup)
    assert "Nơi khôi phục không trống" in message
    assert "đã có bảng" in message
    assert "đã có tệp" in message
    assert "--force" in message


def test_force_overwrites_an_occupied_target(small_backup, fresh_database, tmp_path):
    media_root = tmp_path / "target-media"
    first = restore_elsewhere(small_backup, database_url=fresh_database.url, media_root=media_root)
    assert first.returncode == 0, first.stderr
    (media_root / "written-after.txt").write_bytes(b"later upload")

    again = restore_elsewhere(small_backup, database_url=fresh_database.url, media_root=media_root)
    assert again.returncode != 0
    assert "Nơi khôi phục không trống" in again.stderr

    forced = restore_elsewhere(
        small_backup, database_url=fresh_database.url, media_root=media_root, force=True
    )
    assert forced.returncode == 0, forced.stderr
    assert checksums(media_root) == checksums(small_backup / "media")
    assert fresh_database.row_counts()["units_unit"] == 1
