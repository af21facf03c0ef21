"""One rule for optimistic concurrency (coqi.core.concurrency, ADR 0028): a form's version is required."""

import pytest

from coqi.core.concurrency import UNCHECKED, EditConflict, check_version, expected_version_of, save_versioned
from coqi.projects.models import Project


def _project(trio) -> Project:
    return Project.objects.create(organisation=trio.organisation, title="Before", description="")


def _saved(project: Project) -> tuple[str, int]:
    stored = Project.objects.get(pk=project.pk)
    return stored.title, stored.version


@pytest.mark.parametrize("sent", [None, "", "  ", "abc", "1.0", "-1", -1, True, 1.0, [1]])
def test_a_missing_or_garbled_version_is_a_conflict_and_nothing_is_saved(trio, sent):
    project = _project(trio)
    project.title = "After"
    with pytest.raises(EditConflict) as error:
        save_versioned(project, expected_version=sent, fields=["title"], what="project")
    assert error.value.code == "edit_conflict" and "project" in error.value.messages[0]
    assert _saved(project) == ("Before", 1)


def test_a_stale_version_is_a_conflict_and_nothing_is_saved(trio):
    project = _project(trio)
    stale = project.version
    project.title = "First"
    save_versioned(project, expected_version=stale, fields=["title"], what="project")
    assert _saved(project) == ("First", 2) and project.version == 2
    project.title = "Second"
    with pytest.raises(EditConflict):
        save_versioned(project, expected_version=stale, fields=["title"], what="project")
    assert _saved(project) == ("First", 2)


def test_the_version_from_a_form_may_be_the_text_of_a_hidden_field(trio):
    project = _project(trio)
    project.title = "After"
    save_versioned(project, expected_version=" 1 ", fields=["title"], what="project")
    assert _saved(project) == ("After", 2)


def test_only_unchecked_skips_the_check(trio):
    project = _project(trio)
    Project.objects.filter(pk=project.pk).update(version=7)
    project.title = "From the demo"
    save_versioned(project, expected_version=UNCHECKED, fields=["title"], what="project")
    assert _saved(project) == ("From the demo", 8) and project.version == 8


def test_check_version_for_writes_that_are_not_one_update():
    check_version(3, 3, what="driver")
    check_version(3, "3", what="driver")
    check_version(3, UNCHECKED, what="driver")
    for sent in (2, None, "", "x"):
        with pytest.raises(EditConflict):
            check_version(3, sent, what="driver")


def test_unchecked_is_one_object_with_no_truth_value():
    assert expected_version_of(UNCHECKED, what="x") is UNCHECKED
    assert type(UNCHECKED)() is UNCHECKED
    with pytest.raises(TypeError):
        bool(UNCHECKED)
