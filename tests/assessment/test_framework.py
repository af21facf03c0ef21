"""The framework is versioned data: the shipped file loads and validates, and bad files are refused by name."""

import copy
import json

import pytest

from coqi.assessment import framework as frameworks

SIX_THEMES = [
    "Strong leadership and culture change",
    "Starting from what matters to people",
    "Co-production at the heart of QI",
    "Power sharing",
    "Nurturing capability",
    "Community, system and organisational alignment",
]
FACTORS = [
    "System level",
    "Organisational requirements",
    "Identify and build capacity",
    "Point of care requirements",
    "Valuing all",
]


def _data():
    path = frameworks.FRAMEWORK_DIR / "co-production-and-qi-v1.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_shipped_framework_has_the_six_themes_and_the_influencing_factors():
    fw = frameworks.current()
    assert (fw.id, fw.version) == frameworks.DEFAULT_FRAMEWORK
    assert [s.title for s in fw.themes] == SIX_THEMES
    assert [s.title for s in fw.factors] == FACTORS
    assert all(len(s.statements) >= 1 for s in fw.sections)
    assert fw.scale_values == (1, 2, 3, 4, 5) and all(p.description for p in fw.scale)
    assert {st.dimension for st in fw.statements} == set(frameworks.DIMENSIONS)
    assert len({st.id for st in fw.statements}) == len(fw.statements)


def test_unknown_version_is_refused():
    with pytest.raises(frameworks.FrameworkError, match="no framework"):
        frameworks.load("co-production-and-qi", 99)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.pop("scale"), "'scale' is missing"),
        (lambda d: d["scale"].reverse(), "rising"),
        (
            lambda d: d["sections"][0]["statements"][0].update(dimension="magic"),
            r"sections\[0\].statements\[0\]: dimension",
        ),
        (lambda d: d["sections"][1]["statements"][0].update(id=d["sections"][0]["statements"][0]["id"]), "used twice"),
        (lambda d: d["sections"][0].update(kind="chapter"), "kind must be"),
        (lambda d: d["sections"][0].update(statements=[]), "at least one statement"),
        (lambda d: d["sections"][0]["statements"][0].update(text=" "), "'text' must be a non-empty"),
    ],
)
def test_invalid_framework_data_names_the_problem(change, message):
    data = copy.deepcopy(_data())
    change(data)
    with pytest.raises(frameworks.FrameworkError, match=message):
        frameworks.parse(data)
