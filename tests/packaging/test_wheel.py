"""A plain `pip install coqi` is the two pure libraries without the site (ADR 0030).

The wheel is built from the working tree, installed without extras into a new virtual environment (no system site
packages, so nothing of ours leaks in), and used there: an SPC chart, a redaction, the shipped text model, the
`coqi spc` and `coqi text` commands, and a site command that explains in one line what is missing. Dependencies
come from pip's cache or the package index. Takes about 30 s on an idle 2-core machine (build ~5 s, install ~10 s).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Data files the libraries open at run time: a wheel without them imports fine and fails on first use.
SHIPPED_DATA = {
    "coqi/text/models/fft_v7.joblib",
    "coqi/text/data/framework_v7.json",
    "coqi/text/data/names.json.gz",
    "coqi/text/data/common_words.txt.gz",
}

USE_THE_LIBRARIES = """
import importlib.util, json, sys, warnings

import pandas as pd

import coqi
from coqi.spc import qic, xmr
from coqi.text import classify, redact

months = pd.date_range("2024-01-01", periods=24, freq="MS")
frame = pd.DataFrame({"month": months, "infections": [5, 7, 6, 8, 5, 6, 7, 9, 4, 6, 5, 7] * 2,
                      "bed_days": [1000] * 24})
u = qic(frame, x="month", y="infections", n="bed_days", chart="u", multiply=1000)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    mdc = xmr(frame, value="infections", date="month", improvement_direction="decrease")
print(json.dumps({
    "coqi": coqi.__file__,
    "django": importlib.util.find_spec("django") is not None,
    "u_cl": float(u.points["cl"].iloc[0]),
    "mdc_points": len(mdc.points),
    "mdc_mean": float(mdc.points["mean_col"].iloc[0]),
    "redacted": redact("Dr Patel rang me on 07700 900123").text,
    "themes": classify(["The nurses were kind but I waited 6 hours"])[0].themes,
}))
"""


def _clean_environment() -> dict[str, str]:
    # Nothing from this test run may point the new interpreter at the working tree or at Django settings.
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE")
    return {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("COQI_")}


def _run(*command, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=_clean_environment(), capture_output=True, text=True, timeout=600
    )
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel, venv python, working folder) for a wheel of the working tree installed without extras.

    Built once for this file: `--dist loadfile` (pyproject.toml) keeps the file's tests on one xdist worker."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    # A copy, so the build leaves no build/ or egg-info in the working tree (other runs may be using it).
    shutil.copy2(REPO / "pyproject.toml", source)
    shutil.copy2(REPO / "README.md", source)
    shutil.copytree(REPO / "coqi", source / "coqi", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    _run(*pip, "wheel", "--no-deps", "--wheel-dir", root / "dist", source, cwd=root)
    (wheel,) = (root / "dist").glob("coqi-*.whl")
    venv = root / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=root)
    python = venv / "bin" / "python"
    # This pip installs into the new environment (--python): quicker than bootstrapping a pip inside it.
    _run(*pip, "--python", python, "install", "--no-compile", wheel, cwd=root)
    work = root / "work"
    work.mkdir()
    yield wheel, python, work
    shutil.rmtree(venv, ignore_errors=True)  # half a gigabyte of numpy, pandas and scikit-learn


def test_the_wheel_holds_the_data_the_libraries_open_and_asks_only_for_library_dependencies(installed):
    wheel, _, _ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert SHIPPED_DATA <= names
    required = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    always = [requirement.lower() for requirement in required if "extra ==" not in requirement]
    assert not [name for name in always if name.startswith(("django", "psycopg", "gunicorn", "jinja2", "whitenoise"))]
    assert any(requirement.startswith("Django") and 'extra == "site"' in requirement for requirement in required)


def test_a_chart_and_a_redaction_work_without_django(installed):
    _, python, work = installed
    assert _run(python, "-c", "import django", cwd=work, check=False).returncode != 0
    found = json.loads(_run(python, "-c", USE_THE_LIBRARIES, cwd=work).stdout)
    assert Path(found["coqi"]).is_relative_to(python.parent.parent)  # the installed copy, not the working tree
    assert found["django"] is False
    assert found["u_cl"] == pytest.approx(6.25)  # 150 infections over 24,000 bed days, per 1,000
    assert found["mdc_points"] == 24 and found["mdc_mean"] == pytest.approx(6.25)
    assert found["redacted"] == "Dr [PERSON] rang me on [PHONE]"
    assert found["themes"]  # the shipped model loaded and answered


def test_the_library_commands_work_and_a_site_command_says_what_to_install(installed):
    _, python, work = installed
    coqi = python.parent / "coqi"
    rows = "".join(f"2024-{month:02d}-01,{month % 4 + 3}\n" for month in range(1, 13))
    (work / "data.csv").write_text("month,infections\n" + rows)
    (work / "comments.csv").write_text("comment\nDr Patel rang me on 07700 900123\nThe ward was clean\n")
    assert _run(coqi, "--help", cwd=work).returncode == 0
    _run(coqi, "spc", "chart", "data.csv", "--x", "month", "--y", "infections", "-o", "chart.svg", cwd=work)
    assert (work / "chart.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    _run(coqi, "text", "redact", "comments.csv", "--text-column", "comment", "-o", "redacted.csv", cwd=work)
    assert "[PHONE]" in (work / "redacted.csv").read_text()
    for site_command in (["migrate"], ["feedback", "import", "comments.csv", "--organisation", "any"]):
        result = _run(coqi, *site_command, cwd=work, check=False)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1 and "pip install 'coqi[site]'" in result.stderr
