"""One backup = one directory: the database, the media folder and manifest.json.

    theodoi-20261203-101500/
        database.dump        PostgreSQL: pg_dump custom format      (or database.sqlite3)
        media/...            a copy of MEDIA_ROOT
        manifest.json        SHA-256 and size of every other file, and each table's row count

The database and the media are only valid together: a report's evidence row names a file in
the media folder. Restore therefore checks the whole directory against its manifest before it
touches anything, and refuses a database from one backup beside the media of another, a file
changed after the backup, a file missing or a file added.

The manifest is written last: a backup interrupted half-way has none and cannot be restored.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection

FORMAT = "theodoi-backup/1"
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024
# Output of `pg_dump --version`, a fixed program's text, not user input.
_VERSION = re.compile(r"\b(\d+)(?:\.(\d+))?")


class BackupError(Exception):
    """A backup or restore that was refused; the message says why, in Vietnamese."""


# ---- backup ------------------------------------------------------------------------------


def backup_create(*, destination: Path) -> dict:
    """Save the database, then the media folder, into `destination` (a new or empty
    directory); returns the manifest.

    The database goes first: a file uploaded while the media folder is being copied is then at
    worst an orphan in the backup, never a row whose file is missing."""
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"Thư mục {destination} đã có dữ liệu: chọn một thư mục mới để sao lưu.")
    destination.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại {vendor}.")
    dump = destination / DUMP_FILES[vendor]
    database = _pg_dump(dump) if vendor == "postgresql" else _sqlite_backup(dump)

    files = {dump.name: _digest(dump)}
    media_root = Path(settings.MEDIA_ROOT)
    for source in _walk(media_root):
        relative = source.relative_to(media_root).as_posix()
        target = destination / MEDIA_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        files[f"{MEDIA_DIR}/{relative}"] = _copy(source, target)

    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "file": dump.name, **database},
        "media_root": str(media_root),
        "files": files,
    }
    partial = destination / f".{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(destination / MANIFEST)
    return manifest


def _sqlite_backup(dump: Path) -> dict:
    # SQLite's online backup API copies a consistent snapshot even while the site writes.
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
        tables = _sqlite_counts(target)
    finally:
        target.close()
    return {"tables": tables}


def _pg_dump(dump: Path) -> dict:
    """pg_dump inside a snapshot exported by our own transaction: the row counts written into
    the manifest are those of the very data the dump holds, whatever the site writes
    meanwhile."""
    if connection.in_atomic_block:
        # The snapshot's own transaction cannot be nested in the caller's.
        raise RuntimeError("backup_create must not run inside transaction.atomic")
    server_version = _server_version()
    program = _pg_program("pg_dump", server_version)
    with connection.connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = _pg_counts(cursor)
            _run(
                [program, "--format=custom", "--no-owner", f"--snapshot={snapshot}", "-f", dump],
                "pg_dump",
            )
        finally:
            cursor.execute("ROLLBACK")
    return {"server_version": server_version, "tables": tables}


# ---- verify and restore ------------------------------------------------------------------


def backup_verify(source: Path) -> dict:
    """The manifest of the backup in `source`, once every file in the directory has been found
    with the size and SHA-256 the manifest gives, and no other file is there."""
    source = Path(source)
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(
            f"{source} không có {MANIFEST}: đây không phải một bản sao lưu trọn vẹn "
            "(có thể việc sao lưu đã bị ngắt giữa chừng)."
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
        database = manifest["database"]
        vendor, dump_name = database["vendor"], database["file"]
        if not isinstance(files, dict) or not isinstance(database["tables"], dict):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise BackupError(f"{MANIFEST} hỏng hoặc không đúng định dạng: không khôi phục.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng sao lưu {manifest.get('format')!r} không được hỗ trợ.")
    if DUMP_FILES.get(vendor) != dump_name or dump_name not in files:
        raise BackupError(f"{MANIFEST} không ghi tệp cơ sở dữ liệu: không khôi phục.")

    problems = []
    for name, expected in files.items():
        path = _inside(source, name)
        if not path.is_file():
            problems.append(f"thiếu tệp {name}")
        elif _digest(path) != expected:
            problems.append(f"tệp {name} đã bị thay đổi (SHA-256 hoặc kích thước khác manifest)")
    listed = set(files) | {MANIFEST}
    for path in _walk(source):
        name = path.relative_to(source).as_posix()
        if name not in listed:
            problems.append(f"tệp {name} không có trong manifest")
    if problems:
        shown = "; ".join(problems[:10]) + ("; …" if len(problems) > 10 else "")
        raise BackupError(
            "Bản sao lưu không khớp manifest — cơ sở dữ liệu và thư mục tệp đính kèm phải là "
            f"cùng một lần sao lưu, nguyên vẹn. Không khôi phục gì. Chi tiết: {shown}."
        )
    return manifest


def backup_restore(*, source: Path, force: bool = False) -> dict:
    """Restore the backup in `source` into the configured database and MEDIA_ROOT; returns the
    manifest. Nothing is changed unless the whole backup verifies, and a database with tables
    or a media folder with files is overwritten only when `force` is given."""
    source = Path(source)
    manifest = backup_verify(source)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"Bản sao lưu là của cơ sở dữ liệu {vendor}, nơi khôi phục là {connection.vendor}: "
            "không khôi phục."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        occupied = []
        if connection.introspection.table_names():
            occupied.append(f"cơ sở dữ liệu {connection.settings_dict['NAME']} đã có bảng")
        if any(_walk(media_root)):
            occupied.append(f"thư mục {media_root} đã có tệp")
        if occupied:
            raise BackupError(
                "Nơi khôi phục không trống: "
                + "; ".join(occupied)
                + ". Không khôi phục gì. Thêm --force để ghi đè (dữ liệu hiện có sẽ mất)."
            )
    if vendor == "postgresql":
        _pg_program("pg_restore", _server_version())  # refused before anything is written

    # The media are copied (and checked) beside MEDIA_ROOT first, the database restored next,
    # and only then the copy put in place: a failure on the way leaves the old media whole.
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restore-", dir=media_root.parent))
    try:
        for name, expected in manifest["files"].items():
            if not name.startswith(f"{MEDIA_DIR}/"):
                continue
            target = staging / name.removeprefix(f"{MEDIA_DIR}/")
            target.parent.mkdir(parents=True, exist_ok=True)
            if _copy(_inside(source, name), target) != expected:
                raise BackupError(f"Tệp {name} đổi trong lúc sao chép: không khôi phục.")
        dump = source / manifest["database"]["file"]
        if vendor == "postgresql":
            _pg_restore(dump, clean=force)
        else:
            _sqlite_restore(dump)
        counts = table_row_counts()
        expected_counts = manifest["database"]["tables"]
        if counts != expected_counts:
            differing = sorted(
                t
                for t in set(counts) | set(expected_counts)
                if counts.get(t) != expected_counts.get(t)
            )
            raise BackupError(
                "Cơ sở dữ liệu sau khi khôi phục có số dòng khác bản sao lưu ở các bảng: "
                + ", ".join(differing[:10])
            )
        if media_root.exists():
            old = media_root.with_name(f".{media_root.name}-old-{os.getpid()}")
            media_root.rename(old)
            staging.rename(media_root)
            shutil.rmtree(old)
        else:
            staging.rename(media_root)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return manifest


def _sqlite_restore(dump: Path) -> None:
    # The backup API again, the other way: every page of the target is replaced, in one step.
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()  # Django's cached view of the old schema goes with the old connection


def _pg_restore(dump: Path, *, clean: bool) -> None:
    program = _pg_program("pg_restore", _server_version())
    command = [program, "--no-owner", "--exit-on-error", "--single-transaction"]
    if clean:
        command += ["--clean", "--if-exists"]
    connection.close()  # our own open transaction must not hold locks pg_restore waits for
    _run([*command, "--dbname", connection.settings_dict["NAME"], dump], "pg_restore")


# ---- row counts ----------------------------------------------------------------------------


def table_row_counts() -> dict[str, int]:
    """Rows in every table of the configured database, by table name."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            return _pg_counts(cursor)
    return _sqlite_counts(connection.connection)


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f'SELECT COUNT(*) FROM "{name}"')
        counts[name] = cursor.fetchone()[0]
    return counts


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


# ---- PostgreSQL programs -------------------------------------------------------------------


def _server_version() -> str:
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0].split()[0]


def _pg_program(name: str, server_version: str) -> str:
    """The pg_dump or pg_restore of the server's major version: an older one cannot read the
    server, a newer one writes dumps the server's own tools cannot restore. PG_BIN (a folder)
    chooses one; otherwise Debian's /usr/lib/postgresql/<major>/bin, then PATH."""
    major = server_version.split(".")[0]
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin/{name}"))
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    program = next((c for c in candidates if c.is_file() and os.access(c, os.X_OK)), None)
    if program is None:
        raise BackupError(
            f"Không tìm thấy {name}: cài gói postgresql-client-{major} (apt-get install "
            f"postgresql-client-{major}) hoặc đặt PG_BIN."
        )
    output = subprocess.run(
        [program, "--version"], capture_output=True, text=True, check=False
    ).stdout
    match = _VERSION.search(output)
    if match is None or match.group(1) != major:
        raise BackupError(
            f"{program} là phiên bản {output.strip() or '?'}, "
            f"máy chủ PostgreSQL là {server_version}: "
            f"phải cùng phiên bản chính ({major}). Cài postgresql-client-{major} hoặc đặt PG_BIN."
        )
    return str(program)


def _run(command: list, what: str) -> None:
    params = connection.settings_dict
    env = {**os.environ}
    # libpq reads these; the password never appears on a command line others could list.
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if params.get(key):
            env[variable] = str(params[key])
    result = subprocess.run(
        [str(part) for part in command], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{what} thất bại (mã {result.returncode}): {result.stderr.strip()}")


# ---- files ---------------------------------------------------------------------------------


def _walk(root: Path):
    """Every regular file under root (none if it does not exist), in a stable order."""
    if not root.is_dir():
        return
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            yield Path(folder) / name


def _inside(root: Path, name: str) -> Path:
    """root/name, refused when a (tampered) manifest names a file outside the backup."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"{MANIFEST} ghi một đường dẫn không hợp lệ: {name!r}. Không khôi phục.")
    return root.joinpath(*relative.parts)


def _digest(path: Path) -> dict:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return {"sha256": sha.hexdigest(), "bytes": size}


def _copy(source: Path, target: Path) -> dict:
    """Copy a file, hashing what is written (one read of the source)."""
    sha = hashlib.sha256()
    size = 0
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
            writer.write(chunk)
    shutil.copystat(source, target)
    return {"sha256": sha.hexdigest(), "bytes": size}
