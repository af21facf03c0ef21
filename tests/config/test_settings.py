import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from coqi.config.env import Env, validate_secret_key


def test_bool_values():
    env = Env({"A": "yes", "B": "0", "C": "maybe"})
    assert env.bool("A") is True
    assert env.bool("B") is False
    assert env.bool("MISSING", True) is True
    with pytest.raises(ImproperlyConfigured, match="C must be true or false"):
        env.bool("C")


def test_int_values_are_checked_and_named():
    env = Env({"N": "abc", "SMALL": "0", "OK": "30"})
    assert env.int("OK", 5) == 30
    with pytest.raises(ImproperlyConfigured, match="N must be a whole number"):
        env.int("N", 1)
    with pytest.raises(ImproperlyConfigured, match="SMALL must be at least 1"):
        env.int("SMALL", 1, minimum=1)


def test_lists_and_database_urls():
    env = Env({"HOSTS": "a.example, b.example ,", "DB": "mysql://x", "PG": "postgres://u@h:5432/coqi"})
    assert env.list("HOSTS", []) == ["a.example", "b.example"]
    with pytest.raises(ImproperlyConfigured, match="DB must be a sqlite"):
        env.database("DB", "")
    assert env.database("PG", "")["ENGINE"] == "django.db.backends.postgresql"
    assert env.database("NONE", "sqlite:////tmp/x.sqlite3")["NAME"] == "/tmp/x.sqlite3"


@pytest.mark.parametrize(
    "value, message",
    [
        (None, "must be set"),
        ("short", "at least 50"),
        ("dev-only-" + "x" * 60, "development key"),
        ("a" * 60, "at least 5 different"),
    ],
)
def test_production_secret_key_is_validated(value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        validate_secret_key("COQI_SECRET_KEY", value)


def _import_production(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COQI_")}
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import coqi.config.settings.production as s; print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)",
        ],
        capture_output=True,
        text=True,
        env=environment,
    )


def test_production_settings_refuse_a_missing_secret_and_are_secure_by_default():
    refused = _import_production()
    assert refused.returncode != 0 and "COQI_SECRET_KEY must be set" in refused.stderr
    accepted = _import_production(COQI_SECRET_KEY="k" * 20 + "abcdefghij" * 4)
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.split() == ["31536000", "True"]


def test_base_settings_use_argon2_and_inactivity_expiry():
    import coqi.config.settings.base as base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_production_cache_is_shared_between_processes(tmp_path):
    """Rate limits (community ideas) must hold across server processes: production keeps the cache in the database,
    whose table `coqi migrate` makes."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COQI_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="coqi.config.settings.production",
        COQI_SECRET_KEY="k" * 20 + "abcdefghij" * 4,
        COQI_ALLOWED_HOSTS="coqi.example.org",
        COQI_DATABASE_URL=f"sqlite:///{tmp_path / 'coqi.sqlite3'}",
    )
    coqi = [sys.executable, "-c", "from coqi.cli import app; app()"]
    migrated = subprocess.run([*coqi, "migrate"], capture_output=True, text=True, env=environment)
    assert migrated.returncode == 0, migrated.stderr

    def in_django(code):
        return subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); from django.core.cache import cache; {code}"],
            capture_output=True,
            text=True,
            env=environment,
        )

    assert in_django("cache.set('ideas-rate:203.0.113.9', 5, 3600)").returncode == 0
    read = in_django("print(cache.get('ideas-rate:203.0.113.9'))")
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == "5"
