"""The deployment files agree with the code: every setting documented, the same entrypoint everywhere, the image
built as docs/deploy.md says. (The image itself cannot be built here; test_entrypoint.py runs what it runs.)"""

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
GUIDE = (REPO / "docs" / "deploy.md").read_text()


def _variables_read_by_the_code() -> set[str]:
    names = set()
    for path in (REPO / "coqi").rglob("*.py"):
        names.update(re.findall(r"[\"'](COQI_[A-Z0-9_]+)[\"']", path.read_text(encoding="utf-8")))
    return {name for name in names if not name.startswith("COQI_TEST_")}  # the test suite's own


def test_every_setting_the_code_reads_is_in_the_deployment_guide():
    names = _variables_read_by_the_code()
    assert {"COQI_SECRET_KEY", "COQI_DATABASE_URL", "COQI_SENTRY_DSN", "COQI_HEALTH_WORKER_SECONDS"} <= names
    missing = sorted(name for name in names if f"`{name}`" not in GUIDE)
    assert not missing, f"docs/deploy.md's settings table lacks {missing}"


def test_every_variable_the_entrypoint_reads_is_in_the_guide():
    names = set(re.findall(r"\$\{(COQI_[A-Z_]+)", (DEPLOY / "entrypoint.sh").read_text()))
    names |= set(re.findall(r'environ\.get\("(COQI_[A-Z_]+)"', (DEPLOY / "entrypoint.sh").read_text()))
    assert "COQI_WEB_WORKERS" in names
    missing = sorted(name for name in names if f"`{name}`" not in GUIDE)
    assert not missing, f"docs/deploy.md lacks the entrypoint's {missing}"


def test_compose_runs_web_and_worker_from_the_entrypoint_with_healthchecks_on_ready():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"migrate", "web", "worker", "postgres", "redis"} <= set(services)
    assert services["redis"]["profiles"] == ["redis"]
    for name in ("web", "worker"):
        service = services[name]
        assert service["command"] == [name]
        assert service["healthcheck"]["test"] == ["CMD", "/opt/coqi/entrypoint.sh", "healthcheck"]
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert "media:/var/lib/coqi/media" in service["volumes"]
        assert service["environment"]["COQI_MIGRATE_ON_START"] == "0"
        assert service["environment"]["COQI_DATABASE_URL"].startswith("postgres://")
    assert services["migrate"]["command"] == ["migrate"]


def test_the_image_is_multi_stage_slim_non_root_with_static_collected_at_build():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", dockerfile, flags=re.MULTILINE)
    assert stages[0].startswith("node:") and stages[1:] == ["python:3.11-slim", "python:3.11-slim"]
    assert "collectstatic" in dockerfile and re.search(r"^USER coqi", dockerfile, flags=re.MULTILINE)
    assert 'ENTRYPOINT ["/opt/coqi/entrypoint.sh"]' in dockerfile and "HEALTHCHECK" in dockerfile
    # Everything the image copies from the build context is let through by its .dockerignore.
    allowed = {line[1:].rstrip("/") for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
               if line.startswith("!")}  # fmt: skip
    for source in re.findall(r"^COPY (?!--from)(.+) \S+$", dockerfile, flags=re.MULTILINE):
        for item in source.split():
            assert item.rstrip("/") in allowed, f"{item} is copied but ignored by Dockerfile.dockerignore"


def test_the_systemd_units_start_the_entrypoint_as_an_unprivileged_user():
    for unit, command in (("coqi-web.service", "web"), ("coqi-worker.service", "worker")):
        text = (DEPLOY / "systemd" / unit).read_text()
        assert f"ExecStart=/opt/coqi/src/deploy/entrypoint.sh {command}\n" in text
        assert "User=coqi\n" in text and "EnvironmentFile=/etc/coqi/coqi.env\n" in text
        assert "NoNewPrivileges=yes" in text and "ReadWritePaths=/var/lib/coqi" in text


def test_the_env_file_example_names_only_settings_that_exist():
    documented = set(re.findall(r"`(COQI_[A-Z0-9_]+)`", GUIDE))
    example = re.findall(r"^#?\s*(COQI_[A-Z0-9_]+)=", (DEPLOY / "coqi.env.example").read_text(), flags=re.MULTILINE)
    assert "COQI_SECRET_KEY" in example
    assert set(example) <= documented, set(example) - documented
