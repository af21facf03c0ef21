"""Issue 12's measurement: every page and API read at 10 k, 100 k and 1 M comments in the trust, national data.

    .venv/bin/python benchmarks/national_scale.py [--database-url postgres://postgres@127.0.0.1:5432/national]
        [--rebuild] [--users 10] [--repeat 3] [--steps 10k,100k,1m] [--quick]
    .venv/bin/python benchmarks/national_scale.py --import-rows 1200000   # or --import FILE

Builds (or reuses) the national data set with benchmarks/national_data.py, serves it with gunicorn (2 workers,
production settings) on a free loopback port, signs in through the real sign-in form as a staff member of the
step trusts and takes an API token from the project's token service. For each page it prints: one request's time
(the median of `--repeat` requests one after another, after one warm-up), p50/p95 with `--users` people each
asking `--repeat` times at once, and the queries the page makes — counted in this process with Django's test
client and CaptureQueriesContext on the same database, cold (cache cleared) and warm, apart from the timing. The
last column is the 1 M trust's single-request time over the 10 k trust's. The figures of issue 12 (the "before")
follow as the reference.

`--import-rows N` (default 1.2 M) writes an N-row FFT file and imports it through the site's own upload page into a
new trust, with the project's task worker (`django db_worker`, as `coqi serve` runs it) beside the server, polling
the job through the API until it ends; it prints rows/s and minutes, then deletes that trust. `--quick` uses only
the 10 k and 100 k trusts and fewer repeats, with no warm-up request (the test uses it). Any 5xx answer or exception
ends the run with exit status 1.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import national_data  # noqa: E402

STEP_NAMES = {"10k": "step-10k", "100k": "step-100k", "1m": "step-1m"}

# Issue 12's "before" at 1 M comments in the trust (one request, p50 with 10 users, queries), and what the last
# run on this machine measured at 10 k / 100 k / 1 M (one request).
BEFORE_ISSUE = [
    ("sign-in page (trivial)", "4 ms", "25 ms", "0"),
    ("experience dashboard", "8,760 ms", "45,600 ms", "22"),
    ("comment browser, ?q=waited", "1,660 ms", "13,760 ms", "15"),
    ("board report (HTML / PDF)", "2,122 / 2,325 ms", "13,700 ms", "122 warm, 522 cold"),
    ("API feedback themes / comments", "—", "11,000 / 4,700 ms", "5 / 6"),
]
BEFORE_LAST_RUN = [
    ("experience dashboard", "372 / 3,392 / 10,284 ms", "p50 with 10 users 78 s; 22 queries"),
    ("comment browser, ?q=waited", "80 / 909 / 1,634 ms", ""),
    ("board report HTML", "415 / 985 / 1,385 ms", "108 warm / 508 cold queries"),
    ("API feedback themes", "39 / 265 / 1,477 ms", ""),
    ("API feedback comments", "29 / 120 / 396 ms", ""),
    ("flat pages (projects, measures, system, national, home)", "< 200 ms", ""),
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("COQI_BENCH_DATABASE_URL", national_data.DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true", help="drop the database and build the data set again")
    parser.add_argument("--scale", type=float, default=1.0, help="the data set's scale (0.001 for a test)")
    parser.add_argument("--quick", action="store_true", help="only the 10 k and 100 k trusts, fewer repeats")
    parser.add_argument("--steps", default="", help="which trusts, e.g. 10k,100k,1m (the default)")
    parser.add_argument("--users", type=int, default=10, help="people asking at once")
    parser.add_argument("--repeat", type=int, default=0, help="requests per person, and single requests timed")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--import", dest="import_file", default="", help="import this FFT file through the site")
    parser.add_argument("--import-rows", type=int, default=0, help="import an invented N-row FFT file")
    args = parser.parse_args(argv)
    if not args.repeat:
        args.repeat = 1 if args.quick else 3
    if not args.steps:
        args.steps = "10k,100k" if args.quick else "10k,100k,1m"
    return args


# --------------------------------------------------------------------------------------------------- HTTP


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Answer:
    status: int
    ms: float
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)


def send(url: str, *, cookies: dict | None = None, headers: dict | None = None, data: bytes | None = None) -> Answer:
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    started = time.perf_counter()
    try:
        response = OPENER.open(request, timeout=900)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        body = response.read()
        ms = 1000 * (time.perf_counter() - started)
        set_cookies = {}
        for line in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            set_cookies[name.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, ms, body, dict(response.headers), set_cookies)


def csrf_of(html: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("the page has no CSRF token in its form")
    return match.group(1).decode()


def sign_in(base: str) -> dict:
    """A session through the real sign-in form: its cookies, ready for pages."""
    page = send(base + "/account/sign-in/")
    cookies = dict(page.cookies)
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf_of(page.body),
            "email": national_data.BENCH_EMAIL,
            "password": national_data.BENCH_PASSWORD,
        }
    ).encode()
    answer = send(
        base + "/account/sign-in/",
        cookies=cookies,
        data=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": base + "/account/sign-in/"},
    )
    if answer.status != 302 or not answer.cookies:
        raise RuntimeError(f"signing in failed: {answer.status} {answer.body[:300]!r}")
    cookies.update(answer.cookies)
    return cookies


# --------------------------------------------------------------------------------------------------- pages


@dataclass
class Page:
    name: str
    path: str  # with {slug}, {project}, {measure}, {system} and {theme}
    api: bool = False
    anonymous: bool = False
    per_trust: bool = True  # False: the same address for every trust (sign-in, home, national)


PAGES = [
    Page("sign-in page (trivial)", "/account/sign-in/", anonymous=True, per_trust=False),
    # /home/ only redirects here for someone in more than one place: the organisation switcher is the home page.
    Page("home (organisation switcher)", "/organisations/", per_trust=False),
    Page("organisation home", "/o/{slug}/"),
    Page("experience dashboard", "/o/{slug}/experience/"),
    Page("dashboard, one service, by ethnicity", "/o/{slug}/experience/?service=Maternity&compare=ethnicity"),
    Page("dashboard, one theme", "/o/{slug}/experience/?theme={theme}"),
    Page("comment browser", "/o/{slug}/experience/comments/"),
    Page("comment browser, ?q=waited", "/o/{slug}/experience/comments/?q=waited"),
    Page("comment browser, theme filter", "/o/{slug}/experience/comments/?theme={theme}"),
    Page("board report HTML", "/o/{slug}/board-report/"),
    Page("board report PDF", "/o/{slug}/board-report/board-report.pdf"),
    Page("API feedback themes", "/api/v1/organisations/{slug}/feedback/themes", api=True),
    Page("API feedback comments", "/api/v1/organisations/{slug}/feedback/comments", api=True),
    Page("API comments, ?q=waited", "/api/v1/organisations/{slug}/feedback/comments?q=waited", api=True),
    Page("projects list", "/o/{slug}/projects/"),
    Page("project page", "/o/{slug}/projects/{project}/"),
    Page("measures page", "/o/{slug}/projects/{project}/measures/"),
    Page("measure (SPC chart)", "/o/{slug}/projects/{project}/measures/{measure}/"),
    Page("system view", "/s/{system}/network/"),
    Page("national view", "/national/", per_trust=False),
]


def trust_places(slug: str) -> dict:
    from coqi.core.models import Organisation

    organisation = Organisation.objects.select_related("system").get(slug=slug)
    project = organisation.projects.order_by("id").first()
    measure = project.measures.order_by("id").first()
    return {
        "slug": slug,
        "project": project.pk,
        "measure": measure.pk,
        "system": organisation.system.slug,
        "theme": urllib.parse.quote("Timeliness of care"),
    }


def count_queries(pages: list[Page], places: dict, token: str) -> dict[str, tuple[int, int, int]]:
    """(status, cold queries, warm queries) per page, in this process with the test client."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coqi.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=national_data.BENCH_EMAIL))
    anonymous = Client(HTTP_HOST="127.0.0.1")
    cache.clear()  # cold: what the first person after a change meets
    counts = {}
    for page in pages:
        url = page.path.format(**places)
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if page.api else {}
        who = anonymous if (page.anonymous or page.api) else client
        figures = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = who.get(url, **extra)
            figures.append((response.status_code, len(queries)))
        counts[page.name] = (figures[1][0], figures[0][1], figures[1][1])
    return counts


def timed(
    server_url: str, page: Page, places: dict, sessions: list[dict], token: str, users: int, repeat: int, warm: bool
):
    """(single-request median ms, p50, p95, statuses) for one page at one trust; `warm`: one untimed request
    first, so the single request does not pay for a worker's first sight of a template."""
    url = server_url + page.path.format(**places)
    headers = {"Authorization": f"Bearer {token}"} if page.api else {}

    def ask(n: int) -> Answer:
        cookies = None if (page.anonymous or page.api) else sessions[n % len(sessions)]
        return send(url, cookies=cookies, headers=headers)

    statuses: list[int] = [ask(0).status] if warm else []
    singles = []
    for _ in range(repeat):
        answer = ask(0)
        statuses.append(answer.status)
        singles.append(answer.ms)
    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[str] = []
    start = threading.Barrier(users)

    def person(n: int) -> None:
        try:
            start.wait(timeout=120)
            for _ in range(repeat):
                answer = ask(n)
                with lock:
                    latencies.append(answer.ms)
                    statuses.append(answer.status)
        except Exception as error:  # noqa: BLE001  reported as a failure of the run, not swallowed
            with lock:
                errors.append(repr(error))

    threads = [threading.Thread(target=person, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{page.name}: {errors[0]}")
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))]
    return statistics.median(singles), statistics.median(latencies), p95, statuses


def fmt_ms(ms: float) -> str:
    return f"{ms:,.0f}"


def run_pages(args, server, sessions, token) -> int:
    steps = [s.strip().lower() for s in args.steps.split(",") if s.strip()]
    unknown = [s for s in steps if s not in STEP_NAMES]
    if unknown:
        raise SystemExit(f"--steps knows 10k, 100k and 1m; not {', '.join(unknown)}")
    pages = PAGES
    from coqi.core.models import Organisation

    comments = {step: Organisation.objects.get(slug=STEP_NAMES[step]).feedback_comments.count() for step in steps}
    results: dict[tuple[str, str], tuple] = {}
    failures = 0
    for step in steps:
        places = trust_places(STEP_NAMES[step])
        started = time.perf_counter()
        counts = count_queries(pages, places, token)
        print(f"  {step}: queries counted in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        for page in pages:
            single, p50, p95, statuses = timed(
                server.url, page, places, sessions, token, args.users, args.repeat, warm=not args.quick
            )
            bad = [s for s in statuses + [counts[page.name][0]] if s >= 500]
            odd = sorted({s for s in statuses + [counts[page.name][0]] if s >= 300})
            failures += len(bad)
            results[(page.name, step)] = (single, p50, p95, counts[page.name], odd)
        print(f"  {step}: timed in {time.perf_counter() - started:.0f} s", flush=True)

    print()
    print(
        f"National data, gunicorn {args.workers} workers × {args.threads} thread(s), production settings;"
        f" {args.users} users × {args.repeat} requests at once; load average {os.getloadavg()[0]:.1f}"
        f" on {os.cpu_count()} cores"
    )
    head = f"{'page':<38}"
    for step in steps:
        head += f" | {step + f' ({comments[step]:,})':>33}"
    head += " | " + f"{steps[-1]}/{steps[0]}"
    print(head)
    sub = f"{'':<38}" + "".join(f" | {'1 req':>7} {'p50':>8} {'p95':>8} {'queries':>7}" for _ in steps) + " |"
    print(sub)
    print("-" * len(head))
    for page in pages:
        line = f"{page.name:<38}"
        for step in steps:
            single, p50, p95, (_status, cold, warm), odd = results[(page.name, step)]
            queries = str(warm) if cold == warm else f"{warm}/{cold}"
            line += f" | {fmt_ms(single):>7} {fmt_ms(p50):>8} {fmt_ms(p95):>8} {queries:>7}"
        first, last = results[(page.name, steps[0])][0], results[(page.name, steps[-1])][0]
        line += f" | {last / first:5.1f}×" if first else " |"
        flags = sorted({s for step in steps for s in results[(page.name, step)][4]})
        if flags:
            line += f"  answers {', '.join(map(str, flags))}"
        print(line)
    print("(ms; queries warm/cold where the cold cache differs; the ratio is one request's time)")
    print(f"5xx answers: {failures}")
    print_before()
    return failures


def print_before() -> None:
    print()
    print("Before (issue 12, 1 M comments in the trust):")
    print(f"  {'page':<34} {'one request':>18} {'p50, 10 users':>18}  queries")
    for name, single, p50, queries in BEFORE_ISSUE:
        print(f"  {name:<34} {single:>18} {p50:>18}  {queries}")
    print("Before (last run on this machine, one request at 10 k / 100 k / 1 M):")
    for name, figures, note in BEFORE_LAST_RUN:
        print(f"  {name:<56} {figures:>26}  {note}")


# --------------------------------------------------------------------------------------------------- import


def invented_fft(rows: int) -> bytes:
    rng = random.Random(12)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "service", "score", "question", "comment", "age group", "ethnicity", "sex"])
    today = date.today()
    for n, (row, _themes) in enumerate(
        national_data.comment_rows(organisation_id=0, import_id=0, count=rows, first_id=1, seed=99, today=today)
    ):
        demographics = json.loads(row[11])
        # Some identifiers for redaction to find, as real comments have.
        text = row[7].replace("[PERSON]", "Dr Patel").replace("[PHONE]", "07700 900123")
        received = date.fromisoformat(row[3]) if n % 50 else today - timedelta(days=rng.randint(1, 30))
        writer.writerow(
            [
                received.isoformat(),
                row[4],
                row[6],
                row[5],
                f"{text} (visit {n})",
                demographics["age group"],
                demographics["ethnicity"],
                demographics["sex"],
            ]
        )
    return buffer.getvalue().encode()


def multipart(name: str, content: bytes, fields: dict) -> tuple[bytes, str]:
    boundary = "----coqi-national-bench-7d3f1a"
    parts = []
    for key, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
    )
    parts.append(content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def new_import_trust() -> str:
    """A fresh trust for each import run, so every row is new (a second import of a file adds nothing)."""
    from coqi.accounts.models import User
    from coqi.core import services as core_services
    from coqi.core.models import Organisation, System
    from coqi.core.roles import Role
    from coqi.experience.services import save_mapping

    slug = f"import-{int(time.time())}"
    organisation = core_services.create_organisation(
        actor=None,
        system=System.objects.order_by("id").first(),
        name=f"Import run {slug}",
        kind=Organisation.Kind.ACUTE_TRUST,
        slug=slug,
    )
    bench = User.objects.get(email=national_data.BENCH_EMAIL)
    core_services.add_member(actor=None, organisation=organisation, user=bench, role=Role.STAFF)
    save_mapping(
        actor=None,
        organisation=organisation,
        question_column="question",
        demographic_columns="age group, ethnicity, sex",
    )
    return slug


def run_import(args, server, cookies, token, env) -> int:
    if args.import_file:
        path = Path(args.import_file)
        name, content = path.name, path.read_bytes()
    else:
        rows = args.import_rows or 1_200_000
        started = time.perf_counter()
        name, content = f"fft-{rows}.csv", invented_fft(rows)
        print(
            f"wrote an invented FFT file of {rows:,} rows ({len(content) / 1e6:.0f} MB) in"
            f" {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    rows = content.count(b"\n") - 1
    slug = new_import_trust()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "django",
            "db_worker",
            "--no-reload",
            "--interval",
            "1",
            "--no-startup-delay",
            "--verbosity",
            "0",
        ],
        env=env,
        cwd=REPO,
    )
    try:
        page = send(f"{server.url}/o/{slug}/experience/import/", cookies=cookies)
        body, kind = multipart(name, content, {"csrfmiddlewaretoken": csrf_of(page.body)})
        started = time.perf_counter()
        answer = send(
            f"{server.url}/o/{slug}/experience/import/",
            cookies=cookies,
            data=body,
            headers={"Content-Type": kind, "Referer": f"{server.url}/o/{slug}/experience/import/"},
        )
        location = answer.headers.get("Location", "")
        job = re.search(r"/import/jobs/(\d+)/", location)
        status = "imported while waiting" if answer.status == 302 and not job else f"answer {answer.status}"
        if answer.status != 302:
            print(f"the upload was refused: {answer.status}: {re.sub(rb'<[^>]+>', b' ', answer.body)[:600]!r}")
            return 1
        last = ""
        while job:
            state = json.loads(
                send(
                    f"{server.url}/api/v1/organisations/{slug}/feedback/imports/{job.group(1)}",
                    headers={"Authorization": f"Bearer {token}"},
                ).body
            )
            progress = f"{state.get('status')} {state.get('rows_done', 0):,}/{state.get('rows_total', 0):,}"
            if progress != last:
                print(f"  {time.perf_counter() - started:6.0f} s  {progress}", flush=True)
                last = progress
            if state.get("status") in ("succeeded", "rejected", "failed"):
                status = state["status"]
                break
            time.sleep(2)
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
    from coqi.core.models import Organisation

    trust = Organisation.objects.get(slug=slug)
    stored = trust.feedback_comments.count()
    trust.delete()  # the data set stays as built, so later page runs measure the same data
    print(
        f"import of {rows:,} rows ({len(content) / 1e6:.0f} MB) through the upload page: {status}, {stored:,} stored,"
        f" {seconds:,.0f} s = {seconds / 60:.1f} min, {rows / seconds:,.0f} rows/s"
    )
    return 0 if status in ("succeeded", "imported while waiting") else 1


# --------------------------------------------------------------------------------------------------- main


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    national_data.build(database_url=args.database_url, scale=args.scale, rebuild=args.rebuild)
    print(f"data set ready in {time.perf_counter() - started:.0f} s", flush=True)
    from coqi.accounts.models import User
    from coqi.accounts.services import create_access_token
    from tests.system.test_concurrent_writers import Server

    _record, token = create_access_token(
        user=User.objects.get(email=national_data.BENCH_EMAIL), name="national benchmark"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "coqi.config.settings.production",
        "COQI_DATABASE_URL": args.database_url,
        "COQI_SECRET_KEY": os.environ["COQI_SECRET_KEY"],
        "COQI_SECURE_SSL_REDIRECT": "0",
        "COQI_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(REPO),
    }
    server = Server(
        database_url=args.database_url,
        secret_key=os.environ["COQI_SECRET_KEY"],
        workers=args.workers,
        threads=args.threads,
        settings_module="coqi.config.settings.production",
        env=env,
        timeout=900,
    )
    try:
        server.wait_ready(timeout=180)  # a busy machine starts two workers slowly
        try:
            sessions = [sign_in(server.url) for _ in range(min(args.users, 10))]
            if args.import_file or args.import_rows:
                return run_import(args, server, sessions[0], token, {**os.environ, **env})
            return 1 if run_pages(args, server, sessions, token) else 0
        finally:
            log = server.read_log()
            errors = [line for line in log.splitlines() if "Traceback" in line or "Error" in line]
            if errors:
                print(f"server log: {len(errors)} error lines; last lines:\n{log[-3000:]}")
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
