"""Twenty people saving at once, against a real server process over a real database (issue 13, ADR 0035).

The server is gunicorn (2 processes × 10 threads, so writers meet both in one process and across processes) over
a SQLite *file* — the in-memory test database is copied out before and back after — or, with COQI_TEST_POSTGRES=1,
over the PostgreSQL test database itself. Each phase starts 20 clients at one barrier; every answer must be 2xx or
a 4xx that names the problem, never a 5xx, and the rows and the audit trail must add up afterwards. The phases:
PDSA cycles in one project, votes on one round through the site's form (two ballots per person at once), measure
points, activities a partner attended (payment lines made by the attendance hook), the same person added to the
team by everyone, one versioned edit of the project, and the same expense claimed by everyone.

`seed` and `Server` are also used by benchmarks/concurrency_probe.py, which fires more requests and prints figures.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

CLIENTS = 20
VOTERS = CLIENTS // 2  # each voter sends two ballots at once: the same person's votes race each other too
CSRF = "concurrencytestcsrftoken12345678"  # any 32 letters pass as the cookie's secret; form and cookie agree
REPO = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------------------------------- set-up


@dataclass
class World:
    slug: str
    project_id: int
    project_version: int
    change_idea_id: int
    measure_id: int
    prioritisation_id: int
    question_ids: list[int]
    activity_id: int
    partner_id: int
    newcomer_id: int  # in the organisation, not yet on the team: everyone adds them at once
    tokens: list[str]  # one per client, each a team member who may edit the project
    sessions: list[str]  # the same people's session keys, for the site's own forms
    partner_token: str  # the lived experience partner, who claims one bus fare twenty times at once


def seed(*, clients: int = CLIENTS) -> World:
    """A project with `clients` staff on its team, a change idea, a measure, an open dot-vote, and a partner's
    attendance with a rate card, all committed (the server is another process)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from coqi.accounts.models import User
    from coqi.accounts.services import create_access_token
    from coqi.core.models import Membership, Organisation, System
    from coqi.core.roles import Role
    from coqi.improvement.models import DriverNode, Measure
    from coqi.improvement.services.measures import create_measure
    from coqi.improvement.services.plans import add_driver_node
    from coqi.payments.services import create_rate_card
    from coqi.projects.choices import ActivityKind, Rung, TeamRole, VotingMethod
    from coqi.projects.services import activities, projects, team, voting

    system = System.objects.create(name="Concurrency ICS", slug="concurrency-ics")
    organisation = Organisation.objects.create(
        system=system, name="Concurrency Trust", slug="concurrency", kind=Organisation.Kind.ACUTE_TRUST
    )
    admin = User.objects.create_user(email="admin@concurrency.example", display_name="Ada Admin")
    Membership.objects.create(organisation=organisation, user=admin, role=Role.ORGANISATION_ADMIN)
    partner = User.objects.create_user(email="partner@concurrency.example", display_name="Pat Partner")
    Membership.objects.create(organisation=organisation, user=partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    newcomer = User.objects.create_user(email="newcomer@concurrency.example", display_name="Nia Newcomer")
    Membership.objects.create(organisation=organisation, user=newcomer, role=Role.STAFF)
    staff = []
    for n in range(clients):
        person = User.objects.create_user(email=f"writer{n}@concurrency.example", display_name=f"Writer {n}")
        Membership.objects.create(organisation=organisation, user=person, role=Role.STAFF)
        staff.append(person)

    project = projects.create_project(
        actor=staff[0],
        organisation=organisation,
        title="Twenty at once",
        description="",
        creator_role=TeamRole.FACILITATOR,
        creator_role_description="Leads",
    )
    for person in staff[1:]:
        team.add_team_member(
            actor=staff[0],
            project=project,
            person=person,
            role=TeamRole.STAFF_PARTNER,
            role_description="Saves things",
            joined_on=date.today() - timedelta(days=30),
        )
    driver = add_driver_node(actor=staff[0], project=project, kind=DriverNode.Kind.PRIMARY, text="Driver")
    idea = add_driver_node(
        actor=staff[0], project=project, kind=DriverNode.Kind.CHANGE_IDEA, text="Idea", parent=driver
    )
    measure = create_measure(
        actor=staff[0],
        project=project,
        name="Falls",
        kind=Measure.Kind.OUTCOME,
        definition="Falls a month",
        unit="falls",
        improvement_direction=Measure.Direction.DECREASE,
    )
    questions = [
        voting.add_question(actor=staff[0], project=project, text="How might we cut waiting?"),
        voting.add_question(actor=staff[0], project=project, text="How might we explain delays?"),
    ]
    round_ = voting.open_prioritisation(actor=staff[0], project=project, method=VotingMethod.DOTS, dots_per_person=3)
    create_rate_card(
        actor=admin,
        organisation=organisation,
        name="Rates",
        effective_from=date.today() - timedelta(days=400),
        hourly_rates={Rung.CO_DESIGN: "25.00"},
    )
    activity = activities.record_activity(
        actor=staff[0],
        organisation=organisation,
        kind=ActivityKind.EVENT,
        title="Forum",
        held_on=date.today() - timedelta(days=3),
        hours="2",
        rung=Rung.CO_DESIGN,
        attendees=[partner],
    )
    project.refresh_from_db()

    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = []
    for person in staff:
        session = store()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return World(
        slug=organisation.slug,
        project_id=project.pk,
        project_version=project.version,
        change_idea_id=idea.pk,
        measure_id=measure.pk,
        prioritisation_id=round_.pk,
        question_ids=[q.pk for q in questions],
        activity_id=activity.pk,
        partner_id=partner.pk,
        newcomer_id=newcomer.pk,
        tokens=[create_access_token(user=person, name="concurrency")[1] for person in staff],
        sessions=sessions,
        partner_token=create_access_token(user=partner, name="concurrency")[1],
    )


# --------------------------------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the site over `database_url`, with the given secret key (sessions were signed with it).

    benchmarks/national_scale.py passes the production settings module, their variables (`env`) and a longer
    `timeout`, since a slow page there is what it measures. tests/deploy passes a `command` to run instead of
    gunicorn (the production entrypoint script), the `port` that command listens on, and `capture_stdout` to read
    the process' standard output afterwards (`read_stdout`)."""

    def __init__(
        self,
        *,
        database_url: str,
        secret_key: str,
        workers: int = 2,
        threads: int = 10,
        settings_module: str = "coqi.config.settings.dev",
        env: dict[str, str] | None = None,
        timeout: int = 60,
        command: list[str] | None = None,
        port: int | None = None,
        capture_stdout: bool = False,
    ):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        extra = env or {}
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "COQI_DEBUG": "0",
            "COQI_DATABASE_URL": database_url,
            "COQI_SECRET_KEY": secret_key,
            "PYTHONPATH": str(REPO),
            **extra,
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        # The log goes to a file, not a pipe: Django logs every 4xx, and a full pipe nobody reads until the end
        # would block each server thread in its next log call.
        self.log = tempfile.TemporaryFile()
        self.out = tempfile.TemporaryFile() if capture_stdout else None
        self.process = subprocess.Popen(
            command
            or [
                sys.executable,
                "-m",
                "gunicorn",
                "coqi.config.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                f"--threads={threads}",
                "--worker-class=gthread",
                f"--timeout={timeout}",
                "--log-level=warning",
            ],
            env=env,
            cwd=REPO,
            stdout=self.out or subprocess.DEVNULL,
            stderr=self.log,
        )

    def wait_ready(self, timeout: float = 30) -> None:
        ends = time.monotonic() + timeout
        while time.monotonic() < ends:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.read_log()[-2000:]}")
            try:
                urllib.request.urlopen(self.url + "/api/v1/openapi.json", timeout=2).close()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
            except urllib.error.HTTPError:
                return
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s")

    def stop(self, timeout: float = 15) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.read_log()

    def read_log(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def read_stdout(self) -> str:
        if self.out is None:
            return ""
        self.out.seek(0)
        return self.out.read().decode(errors="replace")

    def __enter__(self):
        self.wait_ready()
        return self

    def __exit__(self, *exc):
        self.stop()


# --------------------------------------------------------------------------------------------------- requests


@dataclass
class Answer:
    phase: str
    status: int
    body: str
    seconds: float


def send(base: str, method: str, path: str, *, token=None, session=None, json_body=None, form=None) -> tuple:
    """(status, body, seconds): one request on its own connection; redirects are answers, not followed."""
    headers = {}
    data = None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if json_body is not None:
        data = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    if form is not None:
        from urllib.parse import urlencode

        data = urlencode({**form, "csrfmiddlewaretoken": CSRF}).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if session:
        headers["Cookie"] = f"sessionid={session}; csrftoken={CSRF}"
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    opener = urllib.request.build_opener(_NoRedirect)
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=45) as response:
            return response.status, response.read().decode(errors="replace"), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), time.perf_counter() - started
    except (urllib.error.URLError, OSError) as error:  # no answer at all: counted, never a crashed client
        return 0, f"no answer: {error}", time.perf_counter() - started


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def phases(world: World, base: str, client: int, round_: int = 0) -> list[tuple[str, callable]]:
    """What client `client` sends, one request per phase; every client sends each phase's request at once."""
    project = f"/api/v1/organisations/{world.slug}/projects/{world.project_id}"
    voter = client % VOTERS
    period = date(2020 + (round_ * CLIENTS + client) // 12, (round_ * CLIENTS + client) % 12 + 1, 1)
    return [
        (
            "POST pdsa-cycles",
            lambda: send(
                base,
                "POST",
                project + "/pdsa-cycles",
                token=world.tokens[client],
                json_body={
                    "change_idea_id": world.change_idea_id,
                    "title": f"Test {client}",
                    "plan": "Try it",
                    "prediction": "Fewer falls",
                    "started_on": date.today().isoformat(),
                },
            ),
        ),
        (
            "POST vote (site form)",
            lambda: send(
                base,
                "POST",
                f"/o/{world.slug}/projects/{world.project_id}/prioritise/{world.prioritisation_id}/vote/",
                session=world.sessions[voter],
                form={f"q{world.question_ids[0]}": 1 + client // VOTERS, f"q{world.question_ids[1]}": 1},
            ),
        ),
        (
            "PUT measure data",
            lambda: send(
                base,
                "PUT",
                project + f"/measures/{world.measure_id}/data",
                token=world.tokens[client],
                json_body={"points": [{"period": period.isoformat(), "value": client}]},
            ),
        ),
        (
            "POST activities (partner attends)",
            lambda: send(
                base,
                "POST",
                project + "/activities",
                token=world.tokens[client],
                json_body={
                    "kind": "meeting",
                    "title": f"Meeting {round_}.{client}",
                    "held_on": (date.today() - timedelta(days=1)).isoformat(),
                    "hours": "1.5",
                    "rung": "co_design",
                    "attendance": [{"person_id": world.partner_id}],
                },
            ),
        ),
        (
            "POST team (the same person)",
            lambda: send(
                base,
                "POST",
                project + "/team",
                token=world.tokens[client],
                json_body={"person_id": world.newcomer_id, "role": "staff_partner", "role_description": "Joins"},
            ),
        ),
        (
            "PATCH project (same version)",
            lambda: send(
                base,
                "PATCH",
                project,
                token=world.tokens[client],
                json_body={"version": world.project_version, "title": f"Renamed by writer {client}"},
            ),
        ),
        (
            "POST claims/expense (same one)",
            lambda: send(
                base,
                "POST",
                f"/api/v1/organisations/{world.slug}/claims/expense",
                token=world.partner_token,
                json_body={
                    "activity_id": world.activity_id,
                    "category": "travel",
                    "amount": "6.40",
                    "incurred_on": (date.today() - timedelta(days=3)).isoformat(),
                    "description": "Bus fare",
                },
            ),
        ),
    ]


def run_at_once(world: World, base: str, *, clients: int = CLIENTS) -> list[Answer]:
    """Every client sends phase 1 at one barrier, then phase 2 at the next, and so on."""
    count = len(phases(world, base, 0))
    barrier = threading.Barrier(clients)
    answers: list[Answer] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        for phase, call in phases(world, base, n):
            barrier.wait(timeout=60)
            status, body, seconds = call()
            with lock:
                answers.append(Answer(phase, status, body, seconds))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(answers) == clients * count, "a client did not finish"
    return answers


# --------------------------------------------------------------------------------------------------- the test


@dataclass
class Database:
    url: str
    copy_back: callable = field(default=lambda: None)


@pytest.fixture
def live_database(transactional_db, tmp_path):
    """The test database as a URL another process can open, with `copy_back()` to see its writes through the ORM."""
    from django.db import connection

    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        user = settings["USER"] or "postgres"
        host = settings["HOST"] or "127.0.0.1"
        port = settings["PORT"] or 5432
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        yield Database(f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}")
        connection.close()  # the server's connections are gone; ours reopens for the flush
        return

    path = tmp_path / "live.sqlite3"

    def copy_out():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        # The copy has the in-memory database's journal mode; a real one is made in WAL by its first connection
        # (settings), and twenty connections switching it at once is not what the test is about.
        target.execute("PRAGMA journal_mode=WAL")
        target.close()

    def copy_back():
        source = sqlite3.connect(path)
        connection.ensure_connection()
        source.backup(connection.connection)
        source.close()

    database = Database(f"sqlite:///{path}", copy_back)
    database.copy_out = copy_out
    yield database


def test_twenty_writers_at_once_all_get_an_answer_and_nothing_is_lost(live_database, settings):
    from django.db import connection

    from coqi.core.models import AuditEvent
    from coqi.improvement.models import DataPoint, PdsaCycle
    from coqi.payments.models import ExpenseClaim, PaymentLine
    from coqi.projects.models import Activity, Project, ProjectMember, Vote

    world = seed()
    audit_before = Counter(AuditEvent.objects.values_list("action", flat=True))
    lines_before = PaymentLine.objects.count()
    if hasattr(live_database, "copy_out"):
        live_database.copy_out()
    started = time.monotonic()
    server = Server(database_url=live_database.url, secret_key=settings.SECRET_KEY)
    try:
        server.wait_ready()
        answers = run_at_once(world, server.url)
    finally:
        log = server.stop()
    elapsed = time.monotonic() - started
    live_database.copy_back()

    by_phase: dict[str, Counter] = {}
    for answer in answers:
        by_phase.setdefault(answer.phase, Counter())[answer.status] += 1
    server_errors = [a for a in answers if a.status >= 500]
    assert not server_errors, f"{len(server_errors)} server errors: {by_phase}\n{server_errors[0].body[:500]}\n{log}"
    assert elapsed < 60, f"took {elapsed:.0f} s"

    def ok(phase):
        return sum(n for status, n in by_phase[phase].items() if status < 400)

    # Every refusal is one the API documents, naming the problem in words.
    for answer in answers:
        if answer.status >= 400:
            assert answer.status in {409, 422, 400}, (answer.phase, answer.status, answer.body[:300])
            detail = json.loads(answer.body)["detail"]
            assert isinstance(detail, str) and len(detail) > 10, answer.body

    # PDSA cycles: every request planned one, numbered 1..20 with no gaps or repeats.
    assert by_phase["POST pdsa-cycles"] == Counter({201: CLIENTS})
    numbers = sorted(PdsaCycle.objects.filter(project_id=world.project_id).values_list("number", flat=True))
    assert numbers == list(range(1, CLIENTS + 1))

    # Votes: each ballot saved (the site redirects), and one vote per person per question.
    assert by_phase["POST vote (site form)"] == Counter({302: CLIENTS}), by_phase
    votes = Vote.objects.filter(prioritisation_id=world.prioritisation_id)
    assert votes.values("voter").distinct().count() == VOTERS
    assert votes.count() == VOTERS * len(world.question_ids)

    # Measure data: every point landed, one row each.
    assert by_phase["PUT measure data"] == Counter({200: CLIENTS})
    assert DataPoint.objects.filter(measure_id=world.measure_id).count() == CLIENTS

    # Activities: each recorded with its attendance, and the partner's payment line made once for each.
    assert by_phase["POST activities (partner attends)"] == Counter({201: CLIENTS})
    recorded = Activity.objects.filter(project_id=world.project_id, title__startswith="Meeting ")
    assert recorded.count() == CLIENTS
    assert all(activity.attendances.count() == 1 for activity in recorded)
    assert PaymentLine.objects.count() - lines_before == CLIENTS
    assert PaymentLine.objects.filter(activity__in=recorded).values("activity").distinct().count() == CLIENTS

    # The same person added by everyone at once joins once; the others are told they are on the team.
    assert by_phase["POST team (the same person)"] == Counter({201: 1, 422: CLIENTS - 1}), by_phase
    assert ProjectMember.objects.filter(project_id=world.project_id, person_id=world.newcomer_id).count() == 1

    # One edit of the same version wins; the others are told someone else saved first.
    assert by_phase["PATCH project (same version)"] == Counter({200: 1, 409: CLIENTS - 1})
    project = Project.objects.get(pk=world.project_id)
    assert project.version == world.project_version + 1 and project.title.startswith("Renamed by writer ")

    # One expense claim of a kind for an activity; the rest are told it has been claimed.
    claims = by_phase["POST claims/expense (same one)"]
    refusals = [a.body for a in answers if a.phase.startswith("POST claims") and a.status >= 400]
    assert claims[201] == 1 and claims[201] + claims[422] == CLIENTS, (claims, refusals[:1])
    assert all("already claimed" in body for body in refusals), refusals[:1]
    assert ExpenseClaim.objects.filter(activity_id=world.activity_id).count() == 1

    # The audit trail has one entry per write that succeeded, and none for a refused one.
    audit = Counter(AuditEvent.objects.values_list("action", flat=True)) - audit_before
    assert audit["pdsa.created"] == ok("POST pdsa-cycles")
    assert audit["prioritisation.voted"] == ok("POST vote (site form)")
    assert audit["measure.data_entered"] + audit["measure.data_uploaded"] == ok("PUT measure data")
    assert audit["project.updated"] == ok("PATCH project (same version)")
    assert audit["expense_claim.submitted"] == 1
    assert audit["activity.recorded"] == CLIENTS
    assert audit["payment_line.created"] == CLIENTS
    assert audit["project.member_added"] == 1
    assert connection.vendor in {"sqlite", "postgresql"}
