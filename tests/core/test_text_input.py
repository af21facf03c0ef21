"""The one character rule (ADR 0036) holds on every site form: each form in coqi is found by walking the package, so
a new form that forgets the base fails here by name, and each text field of each form refuses NUL, BEL and a lone
surrogate with a message naming that field."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date
from types import SimpleNamespace

import pytest
from django import forms

import coqi
from coqi.core.forms import CharacterRule
from coqi.improvement.models import Measure
from coqi.projects.choices import VotingMethod

BASES = {"coqi.core.forms.Form", "coqi.core.forms.ModelForm"}
REFUSED = {"\x00": "U+0000", "\x07": "U+0007", "\ud800": "U+D800"}

# What each form needs to be built, where it needs more than data: plain stand-ins for the objects a view passes.
_FRAMEWORK = SimpleNamespace(
    scale=[SimpleNamespace(value=1, label="Not yet")], statements=[SimpleNamespace(id="s1", text="We listen")]
)
_EVIDENCE = SimpleNamespace(stories=[], feedback_themes=[], always_events=[], touchpoints=[])
KWARGS = {
    "coqi.core.forms.AuditFilterForm": {"actions": [], "people": []},
    "coqi.assessment.forms.rounds.ResponseForm": {"framework": _FRAMEWORK},
    "coqi.assessment.forms.commitments.CommitmentForm": {"members": []},
    "coqi.assessment.forms.commitments.CommitmentEditForm": {"members": []},
    "coqi.ideas.forms.SendForm": {"projects": []},
    "coqi.innovation.forms.SearchForm": {"sources": []},
    "coqi.learning.forms.EventForm": {"members": []},
    "coqi.learning.forms.AttendanceForm": {"members": []},
    "coqi.learning.forms.OpportunityForm": {"members": []},
    "coqi.learning.forms.KeeperResponseForm": {"members": [], "statuses": []},
    "coqi.improvement.forms.measures.DataPointForm": {
        "measure": Measure(chart_type=Measure.ChartType.P, population_group="Deprivation quintile")
    },
    "coqi.improvement.forms.plans.NewParentForm": {"parents": []},
    "coqi.improvement.forms.phases.PhaseForm": {"team": [], "periods": [date(2025, 1, 1)]},
    "coqi.improvement.forms.phases.ExcludeForm": {"periods": [date(2025, 1, 1)]},
    "coqi.improvement.forms.phases.NoteForm": {"periods": [date(2025, 1, 1)]},
    "coqi.projects.forms.activities.ActivityForm": {"people": []},
    "coqi.projects.forms.decisions.DecisionForm": {"team": []},
    "coqi.projects.forms.decisions.DecisionEditForm": {"team": []},
    "coqi.projects.forms.team.AddTeamMemberForm": {"people": []},
    "coqi.projects.forms.voting.QuestionForm": {"evidence": _EVIDENCE},
    "coqi.projects.forms.voting.VoteForm": {
        "questions": [SimpleNamespace(pk=1, text="How might we?")],
        "method": VotingMethod.DOTS,
        "dots_per_person": 3,
        "current": {},
    },
}


def _name(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _every_form() -> list[type]:
    # Every module, not only forms modules: a form defined in a views module is still a form people post to.
    # Settings are left out: each settings module is a whole configuration, and none holds a form.
    for module in pkgutil.walk_packages(coqi.__path__, prefix="coqi."):
        if ".migrations" not in module.name and not module.name.startswith("coqi.config"):
            importlib.import_module(module.name)
    found, waiting = set(), [forms.BaseForm]
    while waiting:
        for sub in waiting.pop().__subclasses__():
            waiting.append(sub)
            if sub.__module__.startswith("coqi.") and _name(sub) not in BASES:
                found.add(sub)
    return sorted(found, key=_name)


FORMS = _every_form()


def test_the_walk_finds_the_forms():
    names = {_name(form) for form in FORMS}
    # A walk that found nothing would pass everything below; these sit in a package, a module and a views module.
    assert {
        "coqi.ideas.forms.IdeaForm",
        "coqi.projects.forms.evidence.StoryForm",
        "coqi.network.views.SharingForm",
    } <= names
    assert len(FORMS) > 60


def test_every_form_uses_the_character_rule():
    missing = [_name(form) for form in FORMS if not issubclass(form, CharacterRule)]
    assert not missing, f"Build these on coqi.core.forms.Form or ModelForm: {', '.join(missing)}"


def _built(form_class, data=None):
    try:
        return form_class(data, **KWARGS.get(_name(form_class), {}))
    except TypeError as error:
        pytest.fail(f"{_name(form_class)} needs arguments to be built; add them to KWARGS here ({error})")


@pytest.mark.parametrize("form_class", FORMS, ids=_name)
def test_every_text_field_refuses_invisible_characters_naming_the_field(form_class):
    built = _built(form_class)
    text_fields = [name for name, field in built.fields.items() if isinstance(field, forms.CharField)]
    for name in text_fields:
        for character, code in REFUSED.items():
            form = _built(form_class, {name: f"Before{character}after"})
            assert not form.is_valid()
            errors = " ".join(form.errors.get(name, []))
            label = form[name].label
            assert code in errors and label in errors, f"{_name(form_class)}.{name} with {code}: {errors!r}"


def test_a_character_at_the_end_is_refused_not_stripped_away():
    from coqi.ideas.forms import IdeaForm

    # \x1f is whitespace to str.strip(), so without the rule the field would quietly drop it.
    form = IdeaForm({"what": "An idea\x1f"})
    assert not form.is_valid()
    assert form.errors["what"] == [
        "What is your idea or concern? contains an invisible control character (U+001F), which cannot be saved. "
        "Remove it and try again."
    ]


def test_multi_line_fields_keep_tabs_and_line_breaks_and_single_line_fields_do_not():
    from coqi.experience.forms import StoryForm

    story = StoryForm({"title": "Two\nlines", "teller": "patient", "text": "First line\n\tSecond line\r\n"})
    assert not story.is_valid()
    assert "text" not in story.errors
    assert story.errors["title"] == ["A short title must be on one line: remove a line break (U+000A)."]


def test_the_rule_covers_fields_a_form_adds_when_built():
    from coqi.payments.forms import RateCardForm

    form = RateCardForm({"rate_coercion": "12\x0050"})
    assert not form.is_valid()
    assert any("U+0000" in message for messages in form.errors.values() for message in messages)
