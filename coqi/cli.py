"""The `coqi` command."""

from __future__ import annotations

import importlib
import os

import typer

from coqi.core import backup_cli
from coqi.core.startup import setup_django
from coqi.files.cli import check_arguments, fail

app = typer.Typer(
    name="coqi",
    help="Co-QI: co-produced quality improvement in health and care.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

# Each area adds its own group of commands from its own module; the pure libraries' groups import no Django.
_SUBCOMMANDS = [
    ("coqi.spc.cli", "spc", "Statistical process control charts from CSV or XLSX files."),
    ("coqi.text.cli", "text", "Patient feedback text: redact identifiers, find themes and sentiment."),
    ("coqi.experience.cli", "feedback", "Import Friends and Family Test feedback into an organisation."),
    ("coqi.rights.cli", "person", "A person's rights: export everything held about them, or erase them."),
]


def _register_subcommands() -> None:
    for module_name, name, help_text in _SUBCOMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:  # that area is not built yet; a broken import inside it must still fail
                continue
            raise
        app.add_typer(module.app, name=name, help=help_text)


_register_subcommands()
# The database and the uploaded files in one archive, and back (coqi/core/backup.py, ADR 0039).
app.command()(backup_cli.backup)
app.command()(backup_cli.restore)


@app.command()
def migrate() -> None:
    """Create or update the database tables (SQLite in [bold]var/coqi.sqlite3[/] unless COQI_DATABASE_URL is set)."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # only acts where a database cache is configured (production)
    database = settings.DATABASES["default"]
    where = database["NAME"] if database["ENGINE"].endswith("sqlite3") else f"{database.get('HOST')}/{database['NAME']}"
    typer.echo(f"The database is up to date ({where}).")


@app.command()
def demo() -> None:
    """Load the demo organisations and people once (safe to run again), then print the demo logins."""
    setup_django()
    from rich.console import Console
    from rich.table import Table

    from coqi.core.demo import DEMO_PASSWORD, load_demo

    result = load_demo()
    console = Console()
    console.print("Demo loaded." if result.created else "The demo is already loaded; nothing changed.")
    table = Table(title="Demo logins", show_lines=False)
    table.add_column("E-mail")
    table.add_column("Name")
    table.add_column("Role")
    for email, name, role in result.logins:
        table.add_row(email, name, role)
    console.print(table)
    console.print(f"Every demo login uses the password: [bold]{DEMO_PASSWORD}[/]")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    reload: bool = typer.Option(False, help="Restart when the code changes (for development)."),
) -> None:
    """Serve the site at http://HOST:PORT, with its static files (no collectstatic needed), and run the
    background worker (large feedback imports) beside it."""
    import subprocess
    import sys

    setup_django()
    # The worker is a child process so a long job never slows the pages; it stops when serve stops. With
    # --reload the reloaded copy of serve (RUN_MAIN) must not start a second worker.
    import signal

    from django.core.management import call_command

    worker = None
    # A plain `kill` (SIGTERM, as systemd and Docker send) must also stop the worker: turn it into an exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if os.environ.get("RUN_MAIN") != "true":
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "django",
                "coqi_worker",
                "--no-reload",
                "--interval",
                "1",
                "--no-startup-delay",
                "--verbosity",
                "0",
            ]
        )
        typer.echo(f"Co-QI is running at http://{host}:{port}/  (press Ctrl+C to stop)")
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=reload, use_threading=True)
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()


@app.command()
def worker(
    interval: float = typer.Option(1.0, help="Seconds to wait between looks for new jobs when there are none."),
) -> None:
    """Run the background worker alone (feedback imports, model training), for production: it records a
    heartbeat that /health/ready checks. Stop it with SIGTERM; a job under way is finished first."""
    setup_django()
    from django.core.management import call_command

    call_command("coqi_worker", interval=interval, reload=False)


@app.command()
def createadmin(
    ctx: typer.Context,
    email: str = typer.Option(..., prompt="E-mail address", help="The site operator's e-mail address."),
    name: str = typer.Option("", help="Display name."),
    password: str = typer.Option(
        ...,
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="COQI_ADMIN_PASSWORD",
        help="Password (prompted for if not given; or set COQI_ADMIN_PASSWORD).",
    ),
) -> None:
    """Create a site operator who can use Django admin at /django-admin/ to set up systems and organisations."""
    check_arguments(ctx)
    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    User = get_user_model()
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        fail(f"{email} already has an account.")
    candidate = User(email=email, display_name=name)
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        fail(" ".join(error.messages))
    User.objects.create_superuser(email=email, password=password, display_name=name)
    typer.echo(f"Created site operator {email}.")


@app.command()
def check() -> None:
    """Run Django's deployment checks against the production settings (with a throwaway secret key if none)."""
    import secrets

    os.environ["DJANGO_SETTINGS_MODULE"] = "coqi.config.settings.production"
    os.environ.setdefault("COQI_SECRET_KEY", secrets.token_urlsafe(50))
    setup_django("coqi.config.settings.production")
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=True, fail_level="WARNING")
    except SystemCheckError as error:
        fail(str(error))


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run any Django management command, e.g. [bold]coqi manage createsuperuser[/] or [bold]coqi manage shell[/]."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["coqi manage", *ctx.args])


if __name__ == "__main__":
    app()
