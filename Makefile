# Two commands: `make run` (the app on SQLite with the seed and demo accounts) and `make test`.
.DEFAULT_GOAL := help
PYTHON ?= python3
UV := $(PYTHON) -m uv
MANAGE := $(UV) run --frozen python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: help venv run test lint migrations-check messages bench bench-pages loadtest backup restore ci

help:
	@echo "make run    chạy ứng dụng tại http://$(HOST) (SQLite, dữ liệu mẫu, tài khoản demo)"
	@echo "make test   ruff, makemigrations --check và toàn bộ bộ kiểm thử"
	@echo "make backup [BACKUP=thư-mục]         sao lưu cơ sở dữ liệu và MEDIA_ROOT (docs/backup.md)"
	@echo "make restore BACKUP=thư-mục [FORCE=1] khôi phục sau khi kiểm tra manifest"

# uv comes from PyPI when it is missing; it then builds .venv from uv.lock.
venv:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

run: venv
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) load_seed
	DEBUG=1 $(MANAGE) load_demo
	DEBUG=1 PLAIN_HTTP=1 $(MANAGE) runserver $(HOST)

lint: venv
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports --no-cache

migrations-check: venv
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

test: venv
	./scripts/system-deps
	$(MAKE) --no-print-directory lint migrations-check
	$(UV) run --frozen pytest $(PYTEST_ARGS)

# Rebuild the Vietnamese catalogue after changing interface strings.
messages: venv
	DEBUG=1 $(MANAGE) makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=var
	DEBUG=1 $(MANAGE) compilemessages --ignore=.venv

# Timings on this machine: the PDF of a 150-unit consolidated report under 3 s (CPU, children
# included, and wall; the first rendering of a fresh process under 4 s); the markup parser must
# grow linearly and the version comparison stay bounded; 5,000 units must import from a file in
# under 10 s (docs/benchmarks.md). Every benchmark runs even when one before it misses its target
# (a slow PDF never hides the page figures); `make bench` fails at the end if any did.
bench: venv
	@failed=""; \
	BENCH_TOOLS=1 DEBUG=1 $(MANAGE) bench_pdf || failed="$$failed bench_pdf"; \
	BENCH_TOOLS=1 DEBUG=1 $(MANAGE) bench_text || failed="$$failed bench_text"; \
	BENCH_TOOLS=1 DEBUG=1 $(MANAGE) bench_unit_import || failed="$$failed bench_unit_import"; \
	$(MAKE) --no-print-directory bench-pages || failed="$$failed bench-pages"; \
	if [ -n "$$failed" ]; then echo "make bench: vượt mục tiêu hoặc lỗi:$$failed" >&2; exit 1; fi

# The monitoring pages at province and national scale on PostgreSQL (docs/benchmarks.md).
bench-pages: venv
	BENCH_TOOLS=1 $(UV) run --frozen python scripts/bench.py

# A deadline day with locust against gunicorn on PostgreSQL, then a stepped run: its own
# database (theodoi_bench_load), about 9 minutes (docs/benchmarks.md). Not part of `make test`.
loadtest: venv
	$(UV) run --frozen python scripts/loadtest.py

# The database and MEDIA_ROOT together, with a manifest of checksums (docs/backup.md). They use
# the same environment as the site (DATABASE_URL, MEDIA_ROOT).
backup: venv
	$(MANAGE) backup $(if $(BACKUP),--output "$(BACKUP)")

restore: venv
	@test -n "$(BACKUP)" || { echo "Cần BACKUP=<thư mục sao lưu>, ví dụ: make restore BACKUP=var/backups/theodoi-20261203-020000"; exit 2; }
	$(MANAGE) restore "$(BACKUP)" $(if $(FORCE),--force)

ci: test
