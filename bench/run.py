#!/usr/bin/env python
"""Benchmarks: latency and throughput of the main pages and API lists, query counts per page at demo and
national scale, and the time to import 100,000 bookings. `make bench` runs it; it is not part of `make test`.

    python bench/run.py                                  demo and national (factor 0.01) on PostgreSQL
    python bench/run.py --factor 1                       the full national set (takes a while to build)
    python bench/run.py --scales demo --duration 5       a quick look
    python bench/run.py --server gunicorn                if gunicorn is installed

Each scale gets its own PostgreSQL database (academy_bench_<scale>) on 127.0.0.1, built once with
`manage.py demo` and kept for the next run (--rebuild to start again). The server runs on 127.0.0.1
only and the load comes from wrk (Debian package `wrk`) on the same machine, one connection per
simulated user. Results: bench/results/latest.json and the table in bench/README.md.
"""

import argparse
import datetime as dt
import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
SCRATCH = Path(tempfile.gettempdir()) / "academy-bench"  # server log and wrk script
PG = "postgres://postgres@127.0.0.1:5432"
P95_BUDGET_MS = 250.0
IMPORT_ROWS = 100_000
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "socket_errors": %d, "non_2xx_3xx": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
"""


# --- the probe: runs inside Django against one scale's database ---------------------------------------


def probe() -> dict[str, Any]:
    """Pick representative objects, prepare credentials, count queries per page."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from academy.offers.models import Booking, Cohort, Offer
    from academy.people.models import Person, Role, RoleAssignment, User

    ensure_logins()
    participant = (
        Person.objects.filter(user__isnull=False).annotate(n=Count("bookings")).order_by("-n", "pk").first()
    )
    assignment = (
        RoleAssignment.objects.filter(role=Role.PROGRAMME_MANAGER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if participant is None or assignment is None:
        raise SystemExit(
            "The database has no participant with a login or no programme manager: build the demo."
        )
    manager = assignment.user
    cohort = (
        Cohort.objects.filter(offer__academy_id=assignment.academy_id)
        .order_by("-confirmed_count", "pk")
        .first()
    )
    # The offer page lists current and future cohorts with their sessions, and the participant's own
    # bookings on the offer with their attendance: pick the same shape at both scales (current cohorts,
    # no booking of the participant's), or the counts differ by shape, not by the amount of data.
    offer = (
        Offer.objects.filter(status=Offer.Status.PUBLISHED)
        .exclude(cohorts__bookings__person=participant)
        .annotate(n=Count("cohorts", filter=Q(cohorts__ends_on__gte=timezone.localdate())))
        .order_by("-n", "pk")
        .first()
    )
    assert cohort is not None and offer is not None

    def session_for(user: User) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["last_seen"] = int(time.time()) + 86400  # stays fresh for the whole run
        session.create()
        return session.session_key or ""

    participant_user = participant.user
    credentials = {
        "participant": {
            "cookie": session_for(participant_user),
            "token": Token.objects.get_or_create(user=participant_user)[0].key,
        },
        "manager": {
            "cookie": session_for(manager),
            "token": Token.objects.get_or_create(user=manager)[0].key,
        },
    }
    pages = {
        "catalogue": ("participant", "/offers/"),
        "offer page": ("participant", f"/offers/{offer.slug}/"),
        "my learning": ("participant", "/my-learning/"),
        "cohort (programme manager)": ("manager", f"/manage/cohorts/{cohort.pk}/"),
        "API offers": ("participant", "/api/v1/offers/"),
        "API my bookings": ("participant", "/api/v1/bookings/"),
        "API cohorts (programme manager)": ("manager", "/api/v1/cohorts/"),
        "API people (programme manager)": ("manager", "/api/v1/people/"),
    }
    queries: dict[str, Any] = {}
    for name, (who, path) in pages.items():
        client = Client()
        client.force_login(participant_user if who == "participant" else manager)
        client.get(path)  # warm caches (role cache, templates)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        queries[name] = {"path": path, "as": who, "status": response.status_code, "queries": len(captured)}

    sizes = {
        "people": Person.objects.count(),
        "bookings": Booking.objects.count(),
        "cohorts": Cohort.objects.count(),
        "offers": Offer.objects.count(),
        "participant_bookings": participant.n,
        "cohort_confirmed": cohort.confirmed_count,
    }
    return {
        "pages": pages,
        "credentials": credentials,
        "queries": queries,
        "sizes": sizes,
    }


def ensure_logins() -> None:
    """The national set has staff records but no logins: give the busiest participant one, and make a
    member of staff programme manager of the academy with the most offers (benchmark database only)."""
    from django.db.models import Count

    from academy.people.models import Academy, Person, Role, RoleAssignment, User

    if not Person.objects.filter(user__isnull=False, bookings__isnull=False).exists():
        person = Person.objects.annotate(n=Count("bookings")).order_by("-n", "pk").first()
        if person is not None:
            person.user = User.objects.create_user(username=f"bench-{person.pk}", email=person.email)
            person.save(update_fields=["user"])
    if not RoleAssignment.objects.filter(role=Role.PROGRAMME_MANAGER).exists():
        academy = Academy.objects.annotate(n=Count("offers")).order_by("-n", "pk").first()
        staff = Person.objects.filter(user__isnull=True).order_by("pk").first()
        if academy is not None and staff is not None:
            staff.user = User.objects.create_user(username=f"bench-{staff.pk}", email=staff.email)
            staff.save(update_fields=["user"])
            RoleAssignment.objects.create(user=staff.user, role=Role.PROGRAMME_MANAGER, academy=academy)


def time_booking_import(rows: int) -> dict[str, Any]:
    """Insert `rows` new bookings in one transaction, then roll back, so the database is left as it was.

    There is no bookings importer service yet; this times the floor any importer will sit on: rows
    validated against existing bookings in memory and written with bulk_create in batches, then the
    academies' AcademyParticipant rows (who has booked with them) recounted, as any bulk load must.
    """
    from django.db import transaction

    from academy.offers.models import Booking, Cohort
    from academy.offers.services import academy_participants_refresh
    from academy.people.models import Person

    class Undo(Exception):
        pass

    existing = set(Booking.objects.values_list("cohort_id", "person_id"))
    cohort_ids = list(Cohort.objects.order_by("pk").values_list("pk", flat=True))
    person_ids = list(
        Person.objects.order_by("pk").values_list("pk", flat=True)[: rows // max(len(cohort_ids), 1) + 2000]
    )
    started = time.perf_counter()
    made = 0
    try:
        with transaction.atomic():
            batch: list[Booking] = []
            for person_id in person_ids:
                for cohort_id in cohort_ids:
                    if made >= rows:
                        break
                    if (cohort_id, person_id) in existing:
                        continue
                    batch.append(Booking(cohort_id=cohort_id, person_id=person_id, status="applied"))
                    made += 1
                    if len(batch) == 5000:
                        Booking.objects.bulk_create(batch)
                        batch = []
                if made >= rows:
                    break
            Booking.objects.bulk_create(batch)
            loaded = time.perf_counter()
            academy_participants_refresh(
                academy_ids=Cohort.objects.filter(pk__in=cohort_ids).values_list(
                    "offer__academy_id", flat=True
                )
            )
            elapsed = time.perf_counter() - started
            refresh = time.perf_counter() - loaded
            raise Undo
    except Undo:
        pass
    return {
        "rows": made,
        "seconds": round(elapsed, 2),
        "of_which_academy_participants_refresh_seconds": round(refresh, 2),
        "rows_per_second": round(made / elapsed) if elapsed else None,
        "method": (
            "bulk_create in one transaction, then academy_participants_refresh, rolled back "
            "(no bookings importer service yet)"
        ),
    }


# --- the driver ---------------------------------------------------------------------------------------


def sh(command: list[str], env: dict[str, str], *, timeout: int = 7200) -> str:
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def database_exists(name: str) -> bool:
    listing = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-lqtA"], capture_output=True, text=True
    ).stdout
    return name in {line.split("|")[0] for line in listing.splitlines()}


def prepare_database(
    scale: str, factor: float, rebuild: bool, prefix: str = "academy_bench_"
) -> tuple[dict[str, str], dict[str, Any]]:
    name = f"{prefix}{scale}"
    if rebuild and database_exists(name):
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    built_now = not database_exists(name)
    if built_now:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{name}",
        "DJANGO_SETTINGS_MODULE": "academy.config.settings.base",
        "DEBUG": "false",
        "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}",
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "CELERY_BROKER_URL": "",
    }
    build: dict[str, Any] = {"database": name, "built_now": built_now}
    if built_now:
        sh([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        command = [sys.executable, "manage.py", "demo"]
        if scale == "national":
            command += ["--scale", "national", "--factor", str(factor)]
        started = time.perf_counter()
        sh(command, env)
        build["build_seconds"] = round(time.perf_counter() - started, 1)
    return env, build


def last_json_line(output: str) -> Any:
    return json.loads(output.strip().splitlines()[-1])


def free_port() -> int:
    """A free port above 8800, chosen now (other engineers' servers share the machine)."""
    import random

    for port in random.sample(range(8801, 9999), 1198):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port above 8800")


def start_redis() -> tuple[subprocess.Popen, str]:
    """A Redis of the run's own: the shared page cache and sessions (CACHE_URL), as in production with
    more than one server process, and the Celery broker the booking rush queues its e-mails on."""
    port = free_port()
    log = (SCRATCH / "redis.log").open("w")
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(50):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return server, f"redis://127.0.0.1:{port}"
        time.sleep(0.1)
    server.kill()
    raise SystemExit(f"redis-server did not start: see {SCRATCH / 'redis.log'}")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def start_server(
    env: dict[str, str], kind: str, app: str = "academy.config.wsgi", cwd: Path = REPO
) -> tuple[subprocess.Popen, str]:
    """`app` is a WSGI module: the application, bare_wsgi (the anchor, always gunicorn), or the
    application at the baseline commit (`cwd` a copy of that tree)."""
    port = free_port()
    if kind == "gunicorn" or app != "academy.config.wsgi":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "-w",
            str(os.cpu_count() or 2),
            # threaded workers keep connections alive, as a production server behind a proxy would
            "-k",
            "gthread",
            "--threads",
            "4",
            "--keep-alive",
            "5",
            # Each worker its own listening socket, among which the kernel spreads new connections. On one
            # shared socket a burst of connections (wrk opens its 32 at once) could all go to one worker,
            # halving a measurement at random: the national offer page's 8% of 26 November.
            "--reuse-port",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ]
    else:
        command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    log = (SCRATCH / "server.log").open("a")
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 - our own server on loopback
            return server, base
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"server exited: see {SCRATCH / 'server.log'}") from None
            time.sleep(0.3)
    server.kill()
    raise SystemExit("server did not start")


def _get(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> int:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status


def warm(base: str, path: str, headers: dict[str, str], requests: int = 30) -> None:
    """A few requests first, not measured: each server worker's first requests load code and templates."""
    host = urllib.parse.urlsplit(base).netloc
    connection = http.client.HTTPConnection(host, timeout=30)
    try:
        for _ in range(requests):
            _get(connection, path, headers)
    finally:
        connection.close()


def one_user(base: str, path: str, headers: dict[str, str], seconds: int) -> dict[str, Any]:
    """One user making one request after another, each timed on the monotonic clock.

    Measured here rather than by wrk: on this machine kind wrk's single-connection latency figures were
    seen to disagree with its own throughput (a mean latency times the number of requests longer than the
    run), so the 1-user budget is checked against figures that add up.
    """
    host = urllib.parse.urlsplit(base).netloc
    connection = http.client.HTTPConnection(host, timeout=30)
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    try:
        while time.perf_counter() - started < seconds:
            sent = time.perf_counter()
            status = _get(connection, path, headers)
            latencies.append(time.perf_counter() - sent)
            errors += status >= 400
    finally:
        connection.close()
    elapsed = time.perf_counter() - started
    ranked = sorted(latencies)

    def percentile(p: float) -> float:  # nearest rank, as wrk reports them
        return ranked[max(0, math.ceil(p / 100 * len(ranked)) - 1)]

    return {
        "requests": len(latencies),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "median_ms": round(percentile(50) * 1000, 1),
        "p95_ms": round(percentile(95) * 1000, 1),
        "p99_ms": round(percentile(99) * 1000, 1),
        "errors": errors,
        "tool": "python http.client, one keep-alive connection",
    }


def load(base: str, path: str, headers: dict[str, str], users: int, seconds: int) -> dict[str, Any]:
    warm(base, path, headers)
    if users == 1:
        return one_user(base, path, headers, seconds)
    script = SCRATCH / "wrk_report.lua"
    script.write_text(WRK_REPORT)
    command = [
        "wrk",
        "-t",
        str(min(users, os.cpu_count() or 1)),
        "-c",
        str(users),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    out = subprocess.run(command + [base + path], capture_output=True, text=True, timeout=seconds + 60).stdout
    line = [row for row in out.splitlines() if row.startswith("{")][-1]
    raw = json.loads(line)
    duration = raw["duration_us"] / 1e6
    # With N connections the latencies of R requests cannot add up to more than N x the run's length.
    consistent = raw["mean_us"] / 1e6 * raw["requests"] <= users * duration * 1.05
    return {
        "requests": raw["requests"],
        "throughput_rps": round(raw["requests"] / duration, 1),
        "median_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "errors": raw["socket_errors"] + raw["non_2xx_3xx"],
        "tool": "wrk",
        "consistent": consistent,
    }


def machine() -> dict[str, Any]:
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else ""
    memory = ""
    if Path("/proc/meminfo").exists():
        found = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
        memory = f"{int(found.group(1)) / 1024 / 1024:.0f} GiB" if found else ""
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    shared_buffers = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "show shared_buffers"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "postgresql": postgres,
        "shared_buffers": shared_buffers,
        "os": platform.platform(),
    }


def commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return out.stdout.strip() + ("+uncommitted" if dirty else "")


def markdown(result: dict[str, Any]) -> str:
    scales = list(result["scales"])
    lines = [
        f"## Latest run: {result['date']}",
        "",
        f"Machine: {result['machine']['cpu']} ({result['machine']['cores']} cores, {result['machine']['memory']}), "
        f"Python {result['machine']['python']}, {result['machine']['postgresql']}. Commit `{result['commit']}`. "
        f"PostgreSQL shared_buffers {result['machine'].get('shared_buffers', '?')}. Server: {result['server']}. "
        f"{result['duration']} s per measurement on 127.0.0.1, after 30 unmeasured requests: 1 user is one "
        "keep-alive connection timed request by request on the monotonic clock (bench/run.py `one_user`), "
        "32 users is wrk with 32 connections.",
        "",
    ]
    for scale in scales:
        data = result["scales"][scale]
        sizes = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in data["sizes"].items())
        lines += [f"### {scale} scale ({sizes})", ""]
        top = max(result["users"])
        baseline = result.get("baseline")
        header = (
            "| page | queries | "
            + " | ".join(f"{u} user{'s' if u > 1 else ''}: median / p95 ms, req/s" for u in result["users"])
            + f" | {top} users: share of the bare view |"
            + (f" at `{baseline}`: {top} users req/s, share |" if baseline else "")
        )
        lines += [header, "|---|---:|" + "---:|" * (len(result["users"]) + 1) + ("---:|" if baseline else "")]
        if data.get("bare"):
            cells = []
            for users in result["users"]:
                runs = [b[str(users)] for b in data["bare"]]
                cells.append(
                    " then ".join(f"{m['median_ms']} / {m['p95_ms']}, {m['throughput_rps']}" for m in runs)
                )
            lines.append(
                "| **bare Django view** (`bench/bare_wsgi.py`, before then after the pages) | 0 | "
                + " | ".join(cells)
                + " | 100% |"
                + (" |" if baseline else "")
            )
        for name, page in data["pages"].items():
            cells = []
            for users in result["users"]:
                m = page["load"].get(str(users))
                if m is None:
                    cells.append("–")
                    continue
                flag = " ⚠" if users == 1 and m["p95_ms"] > P95_BUDGET_MS else ""
                errors = f" ({m['errors']} errors)" if m["errors"] else ""
                doubt = " †" if m.get("consistent") is False else ""
                cells.append(f"{m['median_ms']} / {m['p95_ms']}{flag}{doubt}, {m['throughput_rps']}{errors}")
            share = page.get("share_of_bare")
            cells.append(f"{share * 100:.1f}%" if share is not None else "–")
            if baseline:
                old = page.get("baseline")
                errors = f" ({old['errors']} errors)" if old and old["errors"] else ""
                cells.append(
                    f"{old['throughput_rps']}, {old['share_of_bare'] * 100:.1f}%{errors} "
                    f"(now {page['load'][str(top)]['throughput_rps'] / old['throughput_rps']:.1f}×)"
                    if old
                    else "–"
                )
            lines.append(f"| {name} (`{page['path']}`) | {page['queries']} | " + " | ".join(cells) + " |")
        if data.get("import"):
            imp = data["import"]
            lines += [
                "",
                f"Import of {imp['rows']:,} bookings: {imp['seconds']} s ({imp['rows_per_second']:,} rows/s; "
                f"{imp['method']}"
                + (
                    f"; of which {imp['of_which_academy_participants_refresh_seconds']} s recounting who has "
                    "booked with each academy)."
                    if "of_which_academy_participants_refresh_seconds" in imp
                    else ")."
                ),
            ]
        if data.get("build", {}).get("build_seconds"):
            lines += ["", f"Data set built in {data['build']['build_seconds']} s."]
        lines.append("")
    if len(scales) > 1:
        first, *rest = scales
        differ = [
            name
            for name, page in result["scales"][first]["pages"].items()
            for other in rest
            if result["scales"][other]["pages"].get(name, {}).get("queries") != page["queries"]
        ]
        lines.append(
            "Query counts are the same at every scale."
            if not differ
            else "**Query counts differ between scales for: " + ", ".join(sorted(set(differ))) + "**"
        )
        lines.append("")
    if result.get("rush"):
        rush = result["rush"]
        check = rush["check"]
        lines += [
            "### Booking rush (bench/rush.py, PostgreSQL)",
            "",
            f"{rush['setup']}." + (f" Run of {rush['date']}." if rush.get("date") else ""),
            "",
            f"- {rush['bookings']:,} bookings in {rush['seconds']} s: **{rush['bookings_per_second']} a second**; "
            f"per booking median {rush['median_ms']} ms, **p95 {rush['p95_ms']} ms**, p99 {rush['p99_ms']} ms; "
            f"{rush['error_count']} errors.",
            f"- Outcome: {check['statuses']}; the popular cohort {check['popular_cohort']}; "
            f"{check['waiting_list_length']} on its waiting list; {check['emails_queued']:,} e-mails queued.",
            "- Invariants (no double booking, waiting list in arrival order, each booking's e-mail queued once): "
            + ("**hold**." if check["invariants_hold"] else "**broken**: " + "; ".join(check["problems"])),
            "",
        ]
    lines.append(
        f"⚠ marks a p95 over the {P95_BUDGET_MS:.0f} ms budget at 1 user; † a wrk measurement whose mean latency "
        "times its requests is longer than its connections could have waited (not to be trusted)."
    )
    return "\n".join(lines) + "\n"


def write_readme(result: dict[str, Any]) -> None:
    readme = BENCH / "README.md"
    text = readme.read_text() if readme.exists() else ""
    marker = "<!-- results: written by bench/run.py -->"
    head = text.split(marker)[0].rstrip() + "\n\n" if marker in text else text.rstrip() + "\n\n"
    readme.write_text(head + marker + "\n\n" + markdown(result))


def measure_pages(found: dict[str, Any], base: str, users: list[int], duration: int) -> dict[str, Any]:
    measured: dict[str, Any] = {}
    for name, (who, path) in found["pages"].items():
        credentials = found["credentials"][who]
        if path.startswith("/api/"):
            headers = {"Authorization": f"Token {credentials['token']}", "Accept": "application/json"}
        else:
            headers = {"Cookie": f"sessionid={credentials['cookie']}"}
        measured[name] = {}
        for count in users:
            print(f"   {name} ({path}) at {count} user(s)", flush=True)
            measured[name][str(count)] = load(base, path, headers, count, duration)
    return measured


def measure_bare(users: list[int], duration: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(BENCH)}
    server, base = start_server(env, "gunicorn", app="bare_wsgi:application", cwd=BENCH)
    try:
        print("   bare Django view at " + ", ".join(map(str, users)) + " user(s)", flush=True)
        return {str(count): load(base, "/", {}, count, duration) for count in users}
    finally:
        stop(server)


def baseline_tree(commit_ref: str) -> Path:
    """The application as it was at `commit_ref`, unpacked beside the scratch files (git archive)."""
    tree = SCRATCH / f"baseline-{commit_ref}"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", commit_ref, "src"], cwd=REPO, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def run_rush(prefix: str, redis_url: str) -> dict[str, Any]:
    """bench/rush.py in a database of its own, created, migrated and dropped here."""
    name = f"{prefix}rush"
    if database_exists(name):
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{name}",
        "DJANGO_SETTINGS_MODULE": "academy.config.settings.base",
        "DEBUG": "false",
        "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}",
        "LOG_LEVEL": "WARNING",
        "CACHE_URL": f"{redis_url}/0",
        # Mail is queued for a worker (none runs here), as in service: not sent inside the booking.
        "CELERY_BROKER_URL": f"{redis_url}/1",
    }
    try:
        sh([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        return last_json_line(sh([sys.executable, str(BENCH / "rush.py")], env))
    finally:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="demo,national")
    parser.add_argument("--factor", type=float, default=0.01, help="fraction of the national set to build")
    parser.add_argument("--users", default="1,32")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page and user count")
    parser.add_argument("--server", choices=["runserver", "gunicorn"], default="runserver")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the benchmark databases")
    parser.add_argument(
        "--db-prefix", default="academy_bench_", help="benchmark databases are <prefix><scale>"
    )
    parser.add_argument("--drop", action="store_true", help="drop the benchmark databases afterwards")
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    parser.add_argument(
        "--baseline",
        default="",
        help="also measure every page and API list at 32 users as they were at this commit",
    )
    parser.add_argument("--no-rush", action="store_true", help="skip the booking rush (bench/rush.py)")
    parser.add_argument(
        "--rush-only", action="store_true", help="run the rush again and put it into the latest results"
    )
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--time-import", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.probe:
        print(json.dumps(probe()))
        return
    if args.time_import:
        import django

        django.setup()
        print(json.dumps(time_booking_import(args.import_rows)))
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is not installed: apt-get install redis-server")
    RESULTS.mkdir(parents=True, exist_ok=True)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    if args.rush_only:
        latest = json.loads((RESULTS / "latest.json").read_text())
        redis, redis_url = start_redis()
        try:
            latest["rush"] = run_rush(args.db_prefix, redis_url)
            latest["rush"]["date"] = dt.datetime.now(dt.UTC).strftime("%d %B %Y %H:%M UTC").lstrip("0")
        finally:
            stop(redis)
        (RESULTS / "latest.json").write_text(json.dumps(latest, indent=2) + "\n")
        write_readme(latest)
        print(markdown(latest))
        return
    users = [int(u) for u in args.users.split(",")]
    top = max(users)
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%d %B %Y %H:%M UTC").lstrip("0"),
        "machine": machine(),
        "commit": commit(),
        "server": args.server,
        "duration": args.duration,
        "users": users,
        "national_factor": args.factor,
        "budget_p95_ms_at_1_user": P95_BUDGET_MS,
        "baseline": args.baseline,
        "scales": {},
    }
    redis, redis_url = start_redis()
    try:
        for scale in args.scales.split(","):
            print(f"== {scale}: preparing the database", flush=True)
            env, build = prepare_database(scale, args.factor, args.rebuild, args.db_prefix)
            env["CACHE_URL"] = f"{redis_url}/0"
            print(f"== {scale}: counting queries", flush=True)
            found = last_json_line(sh([sys.executable, str(BENCH / "run.py"), "--probe"], env))
            # The anchor before and after the pages: its mean is what each page is a share of.
            bare = [measure_bare(users, args.duration)]
            server, base = start_server(env, args.server)
            try:
                measured = measure_pages(found, base, users, args.duration)
            finally:
                stop(server)
            baseline: dict[str, Any] = {}
            if args.baseline:
                tree = baseline_tree(args.baseline)
                old_env = {**env, "PYTHONPATH": f"{tree / 'src'}{os.pathsep}{REPO}"}
                old_env.pop("CACHE_URL")
                print(f"== {scale}: the pages at {args.baseline}", flush=True)
                server, base = start_server(old_env, args.server, cwd=tree)
                try:
                    baseline = measure_pages(found, base, [top], args.duration)
                finally:
                    stop(server)
            bare.append(measure_bare(users, args.duration))
            anchor = sum(b[str(top)]["throughput_rps"] for b in bare) / len(bare)
            pages: dict[str, Any] = {}
            for name, load_ in measured.items():
                page = {**found["queries"][name], "load": load_}
                page["share_of_bare"] = (
                    round(load_[str(top)]["throughput_rps"] / anchor, 4) if anchor else None
                )
                if name in baseline:
                    old = baseline[name][str(top)]
                    page["baseline"] = {**old, "share_of_bare": round(old["throughput_rps"] / anchor, 4)}
                pages[name] = page
            # After the pages: the import is rolled back, and the dead rows it leaves would otherwise be
            # read by every page measured after it until autovacuum came round.
            imported = None
            if args.import_rows:
                print(f"== {scale}: timing the import", flush=True)
                command = [
                    sys.executable,
                    str(BENCH / "run.py"),
                    "--time-import",
                    "--import-rows",
                    str(args.import_rows),
                ]
                imported = last_json_line(sh(command, env))
            result["scales"][scale] = {
                "build": build,
                "sizes": found["sizes"],
                "bare": bare,
                "bare_throughput_rps": round(anchor, 1),
                "pages": pages,
                "import": imported,
            }
            if args.drop:
                subprocess.run(
                    ["dropdb", "-h", "127.0.0.1", "-U", "postgres", env["DATABASE_URL"].rsplit("/", 1)[1]]
                )
        if not args.no_rush:
            print("== the booking rush", flush=True)
            result["rush"] = run_rush(args.db_prefix, redis_url)
    finally:
        stop(redis)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    write_readme(result)
    print(markdown(result))


if __name__ == "__main__":
    main()
