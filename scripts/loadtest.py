"""`make loadtest`: a deadline day against gunicorn on PostgreSQL, then a stepped run.

1. A database of its own (LOADTEST_DATABASE_URL, default .../theodoi_bench_load; the name must
   contain "bench"), dropped and created afresh: migrations, `generate_scale_data` at province
   scale (the Ban Tuyên giáo and 149 reporting units, plus one
   made by loadtest_accounts, 8 half-year periods of reports),
   `loadtest_accounts` (150 unit accounts, 10 reviewers, two new open periods), collectstatic.
2. gunicorn with config/gunicorn.py on 127.0.0.1 at a free port, with production settings
   (DEBUG=0, a SECRET_KEY, ALLOWED_HOSTS, PLAIN_HTTP=1 and SECURE_COOKIES=0 for plain http,
   the database tasks backend, persistent connections).
3. locust, headless, bench/locustfile.py: the deadline day (150 unit users sign in, open, save
   twice, submit; 10 reviewers on dashboards and matrices; think time 5-15 s). Then the
   database is compared with what locust did (reports opened, saves, submissions), and
   p50/p95/p99 and errors are printed. It fails if p95 >= 300 ms, on any error, or on any
   difference with the database.
4. The stepped run (LOADTEST_STEPPED=0 skips it): everyone signs in (unmeasured), then less
   think time every 30 s; each step's throughput (requests/s) and p95; where p95 passes 1 s.

Figures and method: docs/benchmarks.md. Raw figures: var/loadtest/.
"""

import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "loadtest"
PASSWORD = "tai-thu-nghiem-2026"
P95_LIMIT_MS = 300
STEP_LIMIT_MS = 1000
SIGN_IN = {"sign-in page", "sign in", "home"}


def settings_env(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "BENCH_TOOLS"}
    env.update(
        {
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": "loadtest-only-secret-key-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "PLAIN_HTTP": "1",
            "SECURE_COOKIES": "0",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "CONN_MAX_AGE": "600",
            "LOG_LEVEL": "WARNING",
            "STATIC_ROOT": str(OUT / "static"),
            "MEDIA_ROOT": str(OUT / "media"),
        }
    )
    return env


def manage(url: str, *args: str) -> None:
    env = {**settings_env(url), "BENCH_TOOLS": "1"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def conninfo(url: str, dbname: str | None = None) -> str:
    parts = urlsplit(url)
    if dbname:
        parts = parts._replace(path=f"/{dbname}")
    return urlunsplit(parts._replace(scheme="postgresql"))


def fresh_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"LOADTEST_DATABASE_URL must name a database containing 'bench', not {name!r}.")
    with psycopg.connect(conninfo(url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(conninfo(url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(url: str, port: int) -> subprocess.Popen:
    env = {
        **settings_env(url),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(OUT / "access.log"),
        "GUNICORN_ERROR_LOG": str(OUT / "gunicorn.log"),
        # locust talks to gunicorn directly, where production has the reverse proxy's pooled
        # connections: idle connections are kept longer than the longest think time, or a
        # client reusing one just as gunicorn closes it gets a reset (seen: 4 in 3,700).
        "GUNICORN_KEEPALIVE": "30",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited ({server.returncode}); see {OUT / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=5) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    sys.exit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_locust(scenario: str, port: int, *args: str) -> dict:
    samples = OUT / f"{scenario}-samples.json"
    env = {
        **os.environ,
        "LOADTEST_SCENARIO": scenario,
        "LOADTEST_ACCOUNTS": str(OUT / "accounts.json"),
        "LOADTEST_SAMPLES": str(samples),
    }
    command = [sys.executable, "-m", "locust", "-f", "bench/locustfile.py", "--headless"]
    command += ["--host", f"http://127.0.0.1:{port}", "--only-summary", "--loglevel", "WARNING"]
    subprocess.run([*command, *args], cwd=ROOT, env=env, check=False)
    return json.loads(samples.read_text(encoding="utf-8"))


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")


def summary(samples: list[dict]) -> dict:
    times = [s["ms"] for s in samples]
    return {
        "requests": len(samples),
        "errors": sum(1 for s in samples if s["error"]),
        "p50": percentile(times, 0.50),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "max": max(times, default=float("nan")),
    }


def ok(samples: list[dict], name: str) -> int:
    return sum(1 for s in samples if s["name"] == name and not s["error"])


def database_counts(url: str, period_id: int) -> dict:
    with psycopg.connect(conninfo(url)) as db:

        def one(sql: str) -> int:
            return db.execute(sql, {"p": period_id}).fetchone()[0]

        return {
            "reports": one("SELECT COUNT(*) FROM reports_unitreport WHERE period_id = %(p)s"),
            "submitted": one(
                "SELECT COUNT(*) FROM reports_unitreport WHERE period_id = %(p)s "
                "AND status = 'submitted'"
            ),
            "revisions": one(
                "SELECT COUNT(*) FROM reports_reportrevision r JOIN reports_unitreport u "
                "ON u.id = r.report_id WHERE u.period_id = %(p)s"
            ),
            "submission events": one(
                "SELECT COUNT(*) FROM reports_reportevent e JOIN reports_unitreport u "
                "ON u.id = e.report_id WHERE u.period_id = %(p)s AND e.action = 'submitted'"
            ),
        }


def print_table(samples: list[dict]) -> None:
    names = sorted({s["name"] for s in samples})
    print(f"{'request':30} {'n':>6} {'err':>4} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for name in [*names, "ALL"]:
        chosen = samples if name == "ALL" else [s for s in samples if s["name"] == name]
        f = summary(chosen)
        print(
            f"{name:30} {f['requests']:>6} {f['errors']:>4} {f['p50']:>7.0f} {f['p95']:>7.0f} "
            f"{f['p99']:>7.0f} {f['max']:>7.0f}"
        )


def deadline_day(url: str, port: int, accounts: dict) -> tuple[bool, dict]:
    users = len(accounts["units"]) + len(accounts["reviewers"])
    # One sign-in a second: 150 in 2.5 minutes (each costs ~0.45 s of CPU in the password
    # hasher), then about 80 s of think time for the last to submit.
    run_time = os.environ.get("LOADTEST_RUN_TIME", "270s")
    print(f"\n== Deadline day: {users} users, spawn 1/s, think 5-15 s, {run_time} ==", flush=True)
    load_before = os.getloadavg()[0]
    result = run_locust("deadline", port, "-u", str(users), "-r", "1", "-t", run_time)
    samples = result["samples"]
    figures = summary(samples)
    span = max(s["t"] for s in samples) - min(s["t"] for s in samples)
    figures["rps"] = figures["requests"] / span if span else float("nan")
    figures["load_before"], figures["load_after"] = load_before, os.getloadavg()[0]
    print_table(samples)

    did = {
        "reports": ok(samples, "open report"),
        "submitted": ok(samples, "submit"),
        "revisions": ok(samples, "save draft") + ok(samples, "save and go to submission"),
        "submission events": ok(samples, "submit"),
    }
    found = database_counts(url, accounts["periods"]["deadline"])
    figures["locust"], figures["database"] = did, found
    print(f"\nlocust did {did}\ndatabase  {found}")
    print(
        f"{figures['requests']} requests in {span:.0f} s ({figures['rps']:.1f}/s), "
        f"{figures['errors']} errors; p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms, "
        f"p99 {figures['p99']:.0f} ms; {did['submitted']} of {len(accounts['units'])} units "
        f"submitted; load average {load_before:.1f} before, {figures['load_after']:.1f} after"
    )
    failures = []
    if figures["p95"] >= P95_LIMIT_MS:
        failures.append(f"p95 {figures['p95']:.0f} ms >= {P95_LIMIT_MS} ms")
    if figures["errors"]:
        errors = sorted({s["error"] for s in samples if s["error"]})
        failures.append(f"{figures['errors']} errors: {errors[:5]}")
    if did != found:
        failures.append("the database does not hold what locust did")
    print(
        "FAIL: " + "; ".join(failures) if failures else "OK: p95 < 300 ms, 0 errors, counts equal"
    )
    return not failures, figures


def stepped(port: int) -> list[dict]:
    print(
        "\n== Stepped run: 160 users signed in (75 s, unmeasured), then less think time "
        "every 30 s ==",
        flush=True,
    )
    result = run_locust("stepped", port)
    rows = []
    for step in result["steps"][1:]:  # the first signs everyone in, unmeasured
        start, end = step["at"], step["at"] + step["seconds"]
        window = [s for s in result["samples"] if start <= s["t"] < end]
        work = [s for s in window if s["name"] not in SIGN_IN]
        figures = summary(work)
        rows.append(
            {
                "users": step["users"],
                "think": step["think"],
                "rps": len(work) / step["seconds"],
                "sign_ins": len(window) - len(work),
                **figures,
            }
        )
    print(f"{'users':>5} {'think s':>9} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'err':>4}")
    for row in rows:
        think = f"{row['think'][0]:g}-{row['think'][1]:g}"
        print(
            f"{row['users']:>5} {think:>9} {row['rps']:>6.1f} {row['p50']:>6.0f} "
            f"{row['p95']:>6.0f} {row['p99']:>6.0f} {row['errors']:>4}"
        )
    crossed = next((r for r in rows if r["p95"] >= STEP_LIMIT_MS), None)
    if crossed:
        before = rows[rows.index(crossed) - 1] if rows.index(crossed) else None
        print(
            f"p95 passes 1 s at {crossed['rps']:.1f} requests/s ({crossed['users']} users)"
            + (f"; it was {before['p95']:.0f} ms at {before['rps']:.1f}/s" if before else "")
        )
    else:
        print(f"p95 stayed under 1 s up to {max(r['rps'] for r in rows):.1f} requests/s")
    return rows


def main() -> int:
    url = os.environ.get(
        "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/theodoi_bench_load"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.log"):
        old.unlink()
    fresh_database(url)
    started = time.monotonic()
    manage(url, "migrate", "--no-input", "-v", "0")
    manage(url, "generate_scale_data", "--units=150", "--directives=1", "--periods=8")
    manage(url, "loadtest_accounts", f"--password={PASSWORD}", f"--output={OUT / 'accounts.json'}")
    manage(url, "collectstatic", "--no-input", "-v", "0")
    with psycopg.connect(conninfo(url), autocommit=True) as db:
        db.execute("ANALYZE")
    print(f"data ready in {time.monotonic() - started:.0f} s", flush=True)
    accounts = json.loads((OUT / "accounts.json").read_text(encoding="utf-8"))

    port = free_port()
    server = start_gunicorn(url, port)
    try:
        passed, deadline = deadline_day(url, port, accounts)
        steps = stepped(port) if os.environ.get("LOADTEST_STEPPED", "1") != "0" else []
    finally:
        stop(server)
        if not os.environ.get("LOADTEST_KEEP"):
            drop_database(url)
    results = {"cpus": os.cpu_count(), "deadline": deadline, "stepped": steps}
    (OUT / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nRaw figures: {OUT / 'results.json'}, access log: {OUT / 'access.log'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
