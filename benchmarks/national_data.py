"""Build the national data set of issue 12 in a database: 42 systems, 220 organisations, 4,400 projects, 17,600
measures, ~740,000 data points and 1.44 M FFT comments, 1 M of them in one trust.

    .venv/bin/python benchmarks/national_data.py [--database-url postgres://postgres@127.0.0.1:5432/national]
        [--rebuild] [--scale 1.0]

Three trusts carry the history steps the benchmark compares: `step-10k`, `step-100k` and `step-1m` (the big trust)
with 10 k, 100 k and 1 M comments (times `--scale`); the other 217 share the remaining 330 k. Every row has the
shape the services give it (redacted-looking text from a vocabulary, themes as JSON and as CommentTheme rows,
sentiment, demographics, services, unique fingerprints) over 66 months of history. Organisations, systems, people
and memberships go through the project's own services; the bulk rows are written with PostgreSQL COPY (SQLite:
executemany), which is what makes the whole build take minutes rather than hours. Generated, never downloaded, and
the same every time (seeded).

A finished build leaves a marker table (`bench_national_build`) holding its parameters: the next run with the same
parameters reuses the database; `--rebuild` drops and rebuilds it. A database that holds data but no marker is
never touched without `--rebuild` (it may be someone's real one).

Also accepts `sqlite:////absolute/path.sqlite3`, for the test at a tiny `--scale`.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/national"
MARKER = "bench_national_build"
FORMAT = 1  # bump when the data set's shape changes, so an older build is not reused

# The benchmark's person: a staff member of each step trust and of the site team (the national view).
BENCH_EMAIL = "bench@national.example"
BENCH_PASSWORD = "national-bench-password-2026"

SYSTEMS = 42
ORGANISATIONS = 220
PROJECTS_PER_ORG = 20
MEASURES_PER_PROJECT = 4
MONTHS_OF_DATA = 42  # 17,600 measures × 42 months ≈ 740,000 data points
MONTHS_OF_COMMENTS = 66  # five and a half years
STEPS = {"step-10k": 10_000, "step-100k": 100_000, "step-1m": 1_000_000}
OTHER_COMMENTS = 330_000  # shared by the other organisations: 1.44 M in all
IMPORT_SLUG = "import-trust"  # a trust with no feedback yet; each `national_scale.py --import` run makes its own

QUESTIONS = ["What was good about your care?", "What could we have done better?", "Any other comments?"]
DEMOGRAPHICS = {
    "age group": (["18-34", "35-64", "65-79", "80+"], [25, 40, 25, 10]),
    "ethnicity": (["White", "Asian", "Black", "Mixed", "Other"], [78, 10, 6, 4, 2]),
    "sex": (["Female", "Male"], [55, 45]),
}
# Phrases of invented comments with the themes (framework subcategories) a classifier would give them.
GOOD = [
    ("the staff were kind and caring", ["Staff manner & personal attributes"]),
    ("the nurses explained everything clearly", ["Information directly from staff during care"]),
    ("I was seen quickly", ["Timeliness of care"]),
    ("the ward was spotless", ["Cleanliness, tidiness & infection control"]),
    ("the food was lovely", ["Food & drink provision & facilities"]),
    ("[PERSON] made me feel safe", ["Feeling safe", "Positive experience & gratitude"]),
    ("they listened to what mattered to me", ["Staff listening, understanding & involving patients"]),
]
POOR = [
    ("I waited {hours} hours to be seen", ["Timeliness of care"]),
    ("we waited in the corridor with nowhere to sit", ["Timeliness of care", "Environment, facilities & equipment"]),
    ("nobody told me about my discharge", ["Discharge"]),
    ("the food was cold", ["Food & drink provision & facilities"]),
    ("parking was impossible", ["Parking"]),
    ("I rang [PHONE] and nobody answered", ["Contacting services"]),
    ("the toilets were dirty", ["Cleanliness, tidiness & infection control"]),
    ("I felt rushed and not listened to", ["Staff listening, understanding & involving patients"]),
]
JOINERS = [" and ", ", but ", ". Also ", "; "]
SERVICE_NAMES = [
    "Emergency department",
    "Maternity",
    "Outpatients",
    "Day surgery",
    "Children's ward",
    "Cardiology",
    "Stroke unit",
    "Oncology",
] + [f"Ward {n}" for n in range(1, 25)]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("COQI_BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true", help="drop the database and build it again")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count (0.001 for a test)")
    return parser.parse_args(argv)


def bench_secret() -> str:
    return "national-bench-" + "k3Yq9" * 10  # the server's settings need a long key; sessions are made by it


def configure(database_url: str) -> None:
    """Production settings over `database_url` (the benchmark serves the site with the same ones)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "coqi.config.settings.production"
    os.environ["COQI_DATABASE_URL"] = database_url
    os.environ.setdefault("COQI_SECRET_KEY", bench_secret())
    os.environ.setdefault("COQI_SECURE_SSL_REDIRECT", "0")  # plain HTTP on loopback; no proxy in front
    os.environ.setdefault("COQI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django

    django.setup()


# --------------------------------------------------------------------------------------------------- database


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite:")


def _sqlite_path(url: str) -> Path:
    return Path(url.split("sqlite://", 1)[1])


def _pg_admin(url: str):
    """A connection to the server's `postgres` database, to drop and create the benchmark's own."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    info = conninfo_to_dict(url)
    name = info.get("dbname")
    return psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True), name


def drop_database(url: str) -> None:
    """Empty the database. On PostgreSQL its `public` schema is dropped and made again rather than the database
    itself: DROP DATABASE waits for every backend of the whole server to answer a signal barrier, and one stuck in
    another program's COPY holds it (and so this) for as long as that lasts."""
    if _is_sqlite(url):
        for suffix in ("", "-wal", "-shm"):
            Path(str(_sqlite_path(url)) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    admin, name = _pg_admin(url)
    with admin:
        found = admin.execute("SELECT datconnlimit FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            return
        if found[0] == -2:  # left invalid by a DROP DATABASE that was interrupted: only dropping it is allowed
            admin.execute(f'DROP DATABASE "{name}"')
            return
    with psycopg.connect(url, autocommit=True) as own:
        # Sessions of an earlier run's server would hold locks on the tables being dropped.
        own.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        own.execute("DROP SCHEMA IF EXISTS public CASCADE")
        own.execute("CREATE SCHEMA public")


def ensure_database(url: str) -> None:
    if _is_sqlite(url):
        _sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
        return
    admin, name = _pg_admin(url)
    with admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def parameters(scale: float) -> dict:
    return {"format": FORMAT, "scale": scale, "steps": STEPS, "organisations": ORGANISATIONS, "systems": SYSTEMS}


def read_marker() -> dict | None:
    from django.db import connection

    if MARKER not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT parameters, seconds FROM {MARKER}")
        row = cursor.fetchone()
    return {"parameters": json.loads(row[0]), "seconds": row[1]} if row else None


def write_marker(params: dict, seconds: float) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER} (parameters TEXT NOT NULL, seconds REAL NOT NULL, built_at TEXT)")
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s)", [json.dumps(params), seconds, date.today().isoformat()]
        )


def has_data() -> bool:
    from django.db import connection

    if "core_organisation" not in connection.introspection.table_names():
        return False
    from coqi.core.models import Organisation

    return Organisation.objects.exists()


def copy_rows(table: str, columns: list[str], rows) -> int:
    """Write `rows` (tuples, None for NULL) into `table`: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3's own cursor, for COPY
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                lines = []
                for row in rows:
                    lines.append("\t".join(r"\N" if v is None else str(v) for v in row))
                    count += 1
                    if len(lines) >= 20_000:
                        copy.write("\n".join(lines) + "\n")
                        lines = []
                if lines:
                    copy.write("\n".join(lines) + "\n")
        return count
    placeholders = ", ".join(["%s"] * len(columns))
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) >= 5_000:
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)
    return count


class IndexesSetAside:
    """On PostgreSQL, the tables' indexes and constraints (all but the primary key) are dropped while the rows go in
    and made again afterwards: building an index once over a million rows is many times faster than growing it a
    row at a time (random fingerprints touch a different page of the unique index on every row), and a foreign key
    is checked by one join instead of a million look-ups. Whatever another branch adds (a GIN search index) is set
    aside and made again the same way, from PostgreSQL's own definitions. SQLite keeps them; its data is small."""

    def __init__(self, *tables: str):
        self.tables = tables
        self.indexes: list[str] = []
        self.constraints: list[tuple[str, str, str]] = []

    def __enter__(self):
        from django.db import connection

        if connection.vendor != "postgresql":
            return self
        with connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    " WHERE conrelid = %s::regclass AND contype <> 'p' ORDER BY contype DESC",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    self.constraints.append((table, name, definition))
                    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                cursor.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND i.indexname NOT IN"
                    " (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p')",
                    [table, table],
                )
                for name, definition in cursor.fetchall():
                    self.indexes.append(definition)
                    cursor.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, *exc):
        from django.db import connection

        if connection.vendor != "postgresql" or exc[0] is not None:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for definition in self.indexes:
                cursor.execute(definition)
            # Unique constraints first (a foreign key may lean on one), then the foreign keys.
            for table, name, definition in sorted(self.constraints, key=lambda c: not c[2].startswith("UNIQUE")):
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


def reset_sequences(*models) -> None:
    """Rows written with explicit ids: move each id sequence past them, so the services' inserts still work."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)


# --------------------------------------------------------------------------------------------------- the data


def months_back(today: date, n: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - n, 12)
    return date(year, month + 1, 1)


def comment_counts(organisations: list, scale: float) -> dict[int, int]:
    """How many comments each organisation gets: the steps, then the rest shared unevenly among the others."""
    rng = random.Random(7)
    counts = {}
    others = []
    for organisation in organisations:
        if organisation.slug in STEPS:
            counts[organisation.pk] = max(1, round(STEPS[organisation.slug] * scale))
        elif organisation.slug != IMPORT_SLUG:
            others.append(organisation)
    weights = [rng.uniform(0.3, 1.7) for _ in others]
    total = round(OTHER_COMMENTS * scale)
    for organisation, weight in zip(others, weights):
        counts[organisation.pk] = int(total * weight / sum(weights))
    return counts


def comment_rows(*, organisation_id: int, import_id: int, count: int, first_id: int, seed: int, today: date):
    """(comment row, [theme names]) for `count` invented comments of one organisation."""
    rng = random.Random(seed)
    services = SERVICE_NAMES[: 6 + seed % 20] if count > 2_000 else SERVICE_NAMES[:6]
    start = months_back(today, MONTHS_OF_COMMENTS)
    days = (today - start).days
    ages, age_w = DEMOGRAPHICS["age group"]
    ethnicities, eth_w = DEMOGRAPHICS["ethnicity"]
    sexes, sex_w = DEMOGRAPHICS["sex"]
    created = f"{today.isoformat()} 00:00:00"  # UTC: Django's connections speak UTC
    for n in range(count):
        # Later months have more responses (trusts collect more over time), as real FFT history does.
        received_on = start + timedelta(days=int(days * rng.random() ** 0.8))
        roll = rng.random()
        if roll < 0.7:
            score = rng.choice((1, 1, 2))
            parts = rng.sample(GOOD, 2 if rng.random() < 0.4 else 1)
        elif roll < 0.85:
            score = 3
            parts = [rng.choice(GOOD), rng.choice(POOR)]
        else:
            score = rng.choice((4, 5, 5))
            parts = rng.sample(POOR, 2 if rng.random() < 0.5 else 1)
        pieces = [text.format(hours=rng.randint(2, 9)) for text, _ in parts]
        text = pieces[0][0].upper() + pieces[0][1:]
        for piece in pieces[1:]:
            text += rng.choice(JOINERS) + piece
        text += "."
        themes = sorted({theme for _, names in parts for theme in names})
        sentiment = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5}[score] if rng.random() < 0.9 else 3
        demographics = {
            "age group": rng.choices(ages, age_w)[0],
            "ethnicity": rng.choices(ethnicities, eth_w)[0],
            "sex": rng.choices(sexes, sex_w)[0],
        }
        service = services[int(len(services) * rng.random() ** 1.3)]
        fingerprint = hashlib.sha256(f"national\x1f{organisation_id}\x1f{n}".encode()).hexdigest()
        yield (
            (
                first_id + n,
                organisation_id,
                import_id,
                received_on.isoformat(),
                service,
                QUESTIONS[n % 3],
                score,
                text,
                text.count("["),
                json.dumps(themes),
                sentiment,
                json.dumps(demographics),
                fingerprint,
                created,
            ),
            themes,
        )


COMMENT_COLUMNS = [
    "id",
    "organisation_id",
    "feedback_import_id",
    "received_on",
    "service",
    "question",
    "fft_score",
    "text",
    "redactions",
    "themes",
    "sentiment",
    "demographics",
    "fingerprint",
    "created_at",
]


def load_comments(organisations: list, scale: float, today: date, say) -> int:
    from coqi.experience.models import CommentTheme, FeedbackComment, FeedbackImport
    from coqi.experience.services import save_mapping

    counts = comment_counts(organisations, scale)
    comment_id = next_id(FeedbackComment)
    total = 0
    for organisation in organisations:
        save_mapping(
            actor=None,
            organisation=organisation,
            question_column="question",
            demographic_columns="age group, ethnicity, sex",
        )
    themes_buffer: list[tuple] = []

    def rows_of(organisation, record, count, first):
        for row, themes in comment_rows(
            organisation_id=organisation.pk,
            import_id=record.pk,
            count=count,
            first_id=first,
            seed=organisation.pk,
            today=today,
        ):
            for name in themes:
                themes_buffer.append((row[0], organisation.pk, name))
            yield row

    records = {
        organisation.pk: FeedbackImport.objects.create(
            organisation=organisation,
            file_name="national-history.csv",
            rows_read=counts[organisation.pk],
            comments_added=counts[organisation.pk],
            identifiers_redacted=counts[organisation.pk] // 7,
        )
        for organisation in organisations
        if counts.get(organisation.pk)
    }
    tables = ("experience_feedbackcomment", "experience_commenttheme")
    with IndexesSetAside(*tables):
        for organisation in organisations:
            if organisation.pk not in records:
                continue
            count, record = counts[organisation.pk], records[organisation.pk]
            copy_rows("experience_feedbackcomment", COMMENT_COLUMNS, rows_of(organisation, record, count, comment_id))
            copy_rows("experience_commenttheme", ["comment_id", "organisation_id", "name"], iter(themes_buffer))
            themes_buffer.clear()
            comment_id += count
            total += count
            if count >= 50_000:
                say(f"  {organisation.slug}: {count:,} comments")
    reset_sequences(FeedbackComment, CommentTheme)
    return total


def load_projects(organisations: list, today: date, creator_of: dict, per_org: int) -> tuple[int, int, int]:
    from django.utils import timezone

    from coqi.improvement.models import DataPoint, Measure
    from coqi.projects.choices import TeamRole
    from coqi.projects.models import Project, ProjectMember

    rng = random.Random(11)
    stages = [choice for choice, _ in Project._meta.get_field("stage").choices]
    now = timezone.now()
    projects = [
        Project(
            organisation=organisation,
            title=f"{rng.choice(['Reducing', 'Improving', 'Shortening', 'Preventing'])} "
            f"{rng.choice(['falls', 'waits', 'discharge delays', 'pressure ulcers', 'missed doses'])} {n + 1}",
            description="A co-produced improvement project.",
            stage=stages[n % len(stages)],
            created_by=creator_of[organisation.pk],
            created_at=now,
            updated_at=now,
        )
        for organisation in organisations
        for n in range(per_org)
    ]
    Project.objects.bulk_create(projects, batch_size=2_000)
    projects = list(Project.objects.filter(organisation__in=organisations).order_by("id"))
    ProjectMember.objects.bulk_create(
        [
            ProjectMember(
                project=project,
                person_id=creator_of[project.organisation_id].pk,
                role=TeamRole.FACILITATOR,
                role_description="Leads the project",
                joined_on=today - timedelta(days=400),
            )
            for project in projects
        ],
        batch_size=2_000,
    )
    kinds = [Measure.Kind.OUTCOME, Measure.Kind.PROCESS, Measure.Kind.BALANCING, Measure.Kind.EXPERIENCE]
    measures = []
    for project in projects:
        for n, kind in enumerate(kinds[:MEASURES_PER_PROJECT]):
            proportion = n == 1
            measures.append(
                Measure(
                    project=project,
                    name=f"{kind.label} measure {n + 1}",
                    kind=kind,
                    definition="Counted monthly from the ward's records.",
                    unit="%" if proportion else "per month",
                    improvement_direction=Measure.Direction.DECREASE if n != 3 else Measure.Direction.INCREASE,
                    chart_type=Measure.ChartType.P if proportion else Measure.ChartType.XMR,
                    multiply=100 if proportion else 1,
                )
            )
    Measure.objects.bulk_create(measures, batch_size=5_000)
    measures = list(Measure.objects.filter(project__in=projects).values_list("id", "chart_type"))
    first_month = months_back(today, MONTHS_OF_DATA)

    def points():
        for measure_id, chart_type in measures:
            level = rng.uniform(10, 60)
            for m in range(MONTHS_OF_DATA):
                year, month = divmod(first_month.year * 12 + first_month.month - 1 + m, 12)
                period = date(year, month + 1, 1).isoformat()
                level = max(1.0, level + rng.gauss(-0.1, 2))
                if chart_type == Measure.ChartType.P:
                    denominator = float(rng.randint(80, 120))
                    yield (measure_id, period, "", round(min(level, denominator), 1), denominator)
                else:
                    yield (measure_id, period, "", round(level, 1), None)

    count = copy_rows(DataPoint._meta.db_table, ["measure_id", "period", '"group"', "value", "denominator"], points())
    return len(projects), len(measures), count


def build(*, database_url: str, scale: float = 1.0, rebuild: bool = False, say=print) -> dict:
    """Build (or reuse) the data set; returns the parameters and the build's seconds."""
    if rebuild:
        drop_database(database_url)
    ensure_database(database_url)
    configure(database_url)
    from django.core.management import call_command
    from django.db import connection

    params = parameters(scale)
    marker = read_marker()
    if marker is not None:
        if marker["parameters"] == params:
            say(f"Reusing the national data set built in {marker['seconds']:.0f} s ({database_url}).")
            return {**params, "seconds": marker["seconds"], "reused": True}
        raise SystemExit(f"The database holds a build with other parameters ({marker['parameters']}); pass --rebuild.")
    if has_data():
        raise SystemExit("The database holds data but no benchmark build; pass --rebuild to drop it (never yours).")

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    say(f"migrated in {time.perf_counter() - started:.0f} s")

    from coqi.accounts.models import User
    from coqi.core import services as core_services
    from coqi.core.models import Organisation
    from coqi.core.roles import Role

    today = date.today()
    n_systems = max(2, round(SYSTEMS * scale)) if scale < 1 else SYSTEMS
    n_orgs = max(len(STEPS) + 2, round(ORGANISATIONS * scale)) if scale < 1 else ORGANISATIONS
    systems = [
        core_services.create_system(actor=None, name=f"Integrated Care System {n + 1}", slug=f"ics-{n + 1}")
        for n in range(n_systems)
    ]
    slugs = list(STEPS) + [IMPORT_SLUG] + [f"trust-{n + 1}" for n in range(n_orgs - len(STEPS) - 1)]
    kinds = [Organisation.Kind.ACUTE_TRUST, Organisation.Kind.MENTAL_HEALTH_TRUST, Organisation.Kind.COMMUNITY_TRUST]
    organisations = [
        core_services.create_organisation(
            actor=None,
            system=systems[n % n_systems],
            name=f"{slug.replace('-', ' ').title()} NHS Foundation Trust",
            kind=kinds[n % len(kinds)],
            slug=slug,
        )
        for n, slug in enumerate(slugs)
    ]
    bench = User.objects.create_user(email=BENCH_EMAIL, display_name="Bench Staff", password=BENCH_PASSWORD)
    bench.is_staff = True  # the site team: the national view is theirs
    bench.save(update_fields=["is_staff"])
    creator_of = {}
    for organisation in organisations:
        lead = User.objects.create_user(
            email=f"lead@{organisation.slug}.example", display_name=f"Lead of {organisation.slug}"
        )
        core_services.add_member(actor=None, organisation=organisation, user=lead, role=Role.ORGANISATION_ADMIN)
        creator_of[organisation.pk] = lead
        if organisation.slug in STEPS or organisation.slug == IMPORT_SLUG:
            core_services.add_member(actor=None, organisation=organisation, user=bench, role=Role.STAFF)
    for system in systems:  # the system views are read by their viewers (or an admin of one of their trusts)
        core_services.grant_system_viewer(actor=None, system=system, user=bench)
    say(f"{len(systems)} systems, {len(organisations)} organisations in {time.perf_counter() - started:.0f} s")

    mark = time.perf_counter()
    # A test's tiny scale keeps two projects a trust: enough to show every page, quick to build.
    per_org = PROJECTS_PER_ORG if scale >= 0.1 else 2
    n_projects, n_measures, n_points = load_projects(organisations, today, creator_of, per_org)
    say(
        f"{n_projects:,} projects, {n_measures:,} measures, {n_points:,} data points"
        f" in {time.perf_counter() - mark:.0f} s"
    )
    mark = time.perf_counter()
    n_comments = load_comments(organisations, scale, today, say)
    say(f"{n_comments:,} comments in {time.perf_counter() - mark:.0f} s")

    mark = time.perf_counter()
    if importlib.util.find_spec("coqi.experience.summaries") is not None:
        from coqi.experience import summaries

        # Statistics first: without them the planner joins each small trust's comments to a scan of every theme row.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE experience_feedbackcomment, experience_commenttheme")

        for organisation in organisations:
            summaries.rebuild(organisation=organisation)
        say(f"summaries rebuilt in {time.perf_counter() - mark:.0f} s")
    else:
        say("no coqi.experience.summaries on this branch: no summaries to rebuild")
    mark = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(f"ANALYZE in {time.perf_counter() - mark:.0f} s")
    seconds = time.perf_counter() - started
    write_marker(params, seconds)
    say(f"built in {seconds:.0f} s ({seconds / 60:.1f} min)")
    return {**params, "seconds": seconds, "reused": False}


def main(argv=None) -> None:
    args = parse_args(argv)
    build(database_url=args.database_url, scale=args.scale, rebuild=args.rebuild)


if __name__ == "__main__":
    main()
