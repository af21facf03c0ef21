"""Production settings from the issue-14 variables: mail through the queue, a replica, media in S3, and `coqi
check` clean with all of them set. Each is imported in a fresh process, as a server starts."""

import json
import os
import subprocess
import sys

KEY = "k" * 20 + "abcdefghij" * 4
SHOW = """
import json, coqi.config.settings.production as s
print(json.dumps({"email": s.EMAIL_BACKEND, "databases": sorted(s.DATABASES),
                  "routers": getattr(s, "DATABASE_ROUTERS", []), "middleware": s.MIDDLEWARE,
                  "storage": s.STORAGES["default"]}))
"""


def _production(code: str, **env) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a production server never has it.
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("COQI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update({"COQI_SECRET_KEY": KEY, **env})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment)


def test_without_the_new_variables_nothing_changes(tmp_path):
    done = _production(SHOW, COQI_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["email"] == "django.core.mail.backends.console.EmailBackend"
    assert shown["databases"] == ["default"] and shown["routers"] == []
    assert "coqi.ops.replica.ReplicaMiddleware" not in shown["middleware"]
    assert shown["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_the_new_variables_turn_on_queued_mail_a_replica_and_s3_media(tmp_path):
    done = _production(
        SHOW,
        COQI_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        COQI_EMAIL_HOST="smtp.example-trust.nhs.uk",
        COQI_DATABASE_REPLICA_URL="postgres://reader@replica.example:5432/coqi",
        COQI_MEDIA_S3_BUCKET="coqi-media",
        COQI_MEDIA_S3_ENDPOINT_URL="https://s3.example-trust.nhs.uk",
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["email"] == "coqi.ops.email_backend.QueuedEmailBackend"
    assert shown["databases"] == ["default", "replica"] and shown["routers"] == ["coqi.ops.replica.ReplicaRouter"]
    middleware = shown["middleware"]
    assert middleware.index("coqi.ops.replica.ReplicaMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    assert shown["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = shown["storage"]["OPTIONS"]
    assert options["bucket_name"] == "coqi-media" and options["default_acl"] == "private"
    assert options["endpoint_url"] == "https://s3.example-trust.nhs.uk" and options["file_overwrite"] is False


def test_a_bad_replica_url_is_named():
    done = _production(SHOW, COQI_DATABASE_REPLICA_URL="mysql://replica/coqi")
    assert done.returncode != 0 and "COQI_DATABASE_REPLICA_URL must be a sqlite:/// or postgres:// URL" in done.stderr


def test_coqi_check_is_clean_with_every_new_variable_set(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    checked = _production(
        "import sys; from coqi.cli import app; sys.argv = ['coqi', 'check']; app()",
        COQI_ALLOWED_HOSTS="coqi.example-trust.nhs.uk",
        COQI_DATABASE_URL=database,
        COQI_EMAIL_HOST="smtp.example-trust.nhs.uk",
        COQI_DATABASE_REPLICA_URL=database,
        COQI_MEDIA_S3_BUCKET="coqi-media",
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout + checked.stderr
