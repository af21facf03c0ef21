"""Sharing, editing, changing who sees an innovation, and adopting it: the rules live in the services."""

import pytest
from django.core.exceptions import ValidationError

from coqi.core.concurrency import EditConflict
from coqi.core.models import AuditEvent
from coqi.innovation import services
from coqi.innovation.models import Adoption, Ingredient, Visibility
from coqi.projects.choices import Stage
from tests.innovation.samples import share

pytestmark = pytest.mark.django_db


def test_free_text_is_redacted_before_it_is_stored(trio):
    innovation = share(
        trio.organisation,
        trio.member,
        evidence="Mrs Jones rang 07700 900123 to say the letter helped.",
        what="Letters sent to patient NHS number 943 476 5919 were rewritten.",
    )
    innovation.refresh_from_db()
    assert "07700 900123" not in innovation.evidence and "[PHONE]" in innovation.evidence
    assert "943 476 5919" not in innovation.what


def test_any_member_shares_and_the_visibility_is_required(trio):
    with pytest.raises(ValidationError) as error:
        share(trio.organisation, trio.partner, visibility="")
    assert "visibility" in error.value.message_dict
    innovation = share(trio.organisation, trio.partner, visibility=Visibility.SYSTEM)
    assert innovation.visibility == Visibility.SYSTEM and innovation.submitted_by == trio.partner
    event = AuditEvent.objects.get(action="innovation.shared")
    assert event.changes["visibility"] == "system" and event.organisation == trio.organisation


def test_an_outsider_cannot_share_in_the_organisations_name(trio):
    with pytest.raises(ValidationError):
        share(trio.organisation, trio.outsider)
    assert not trio.organisation.innovations.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "  ", "Enter a title"),
        ("what", "x" * 4001, "4000 characters"),
        ("setting", "moon_base", "Choose the setting"),
        ("ingredients", [], "critical ingredients"),
        ("ingredients", ["magic"], "magic is not one of them"),
        ("population_groups", [], "population groups"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(trio, field, value, message):
    with pytest.raises(ValidationError) as error:
        share(trio.organisation, trio.member, **{field: value})
    assert message in " ".join(error.value.message_dict[field])
    assert not trio.organisation.innovations.exists()


def test_an_edit_never_changes_who_sees_it(trio):
    innovation = share(trio.organisation, trio.member)
    services.update_innovation(
        actor=trio.member,
        innovation=innovation,
        expected_version=innovation.version,
        title="Better letters",
        what=innovation.what,
        why=innovation.why,
        evidence=innovation.evidence,
        co_produced_with=innovation.co_produced_with,
        setting=innovation.setting,
        ingredients=[Ingredient.LEADERSHIP, Ingredient.INEQUALITIES],
        population_groups=innovation.population_groups,
    )
    innovation.refresh_from_db()
    assert innovation.title == "Better letters" and innovation.visibility == Visibility.ORGANISATION
    assert sorted(innovation.ingredients) == ["inequalities", "leadership"]
    with pytest.raises(TypeError):
        services.update_innovation(
            actor=trio.member,
            innovation=innovation,
            expected_version=None,
            visibility=Visibility.EVERYONE,
            title="x",
            what="x",
            why="x",
            evidence="x",
            co_produced_with="x",
            setting=innovation.setting,
            ingredients=["leadership"],
            population_groups=["carers"],
        )


def test_a_stale_edit_is_refused(trio):
    innovation = share(trio.organisation, trio.member)
    kwargs = dict(
        what=innovation.what,
        why=innovation.why,
        evidence=innovation.evidence,
        co_produced_with=innovation.co_produced_with,
        setting=innovation.setting,
        ingredients=innovation.ingredients,
        population_groups=innovation.population_groups,
    )
    services.update_innovation(actor=trio.member, innovation=innovation, expected_version=1, title="One", **kwargs)
    with pytest.raises(EditConflict):
        services.update_innovation(actor=trio.owner, innovation=innovation, expected_version=1, title="Two", **kwargs)


def test_widening_needs_confirmation_narrowing_does_not_and_both_are_audited(trio):
    innovation = share(trio.organisation, trio.member)
    with pytest.raises(ValidationError) as error:
        services.change_visibility(actor=trio.owner, innovation=innovation, visibility=Visibility.EVERYONE)
    assert "confirm" in error.value.message_dict
    innovation.refresh_from_db()
    assert innovation.visibility == Visibility.ORGANISATION
    services.change_visibility(
        actor=trio.owner, innovation=innovation, visibility=Visibility.EVERYONE, confirm_widening=True
    )
    services.change_visibility(actor=trio.owner, innovation=innovation, visibility=Visibility.SYSTEM)
    innovation.refresh_from_db()
    assert innovation.visibility == Visibility.SYSTEM
    events = list(AuditEvent.objects.filter(action__startswith="innovation.visibility").order_by("id"))
    assert [(e.action, e.changes["visibility"]) for e in events] == [
        ("innovation.visibility_widened", ["organisation", "everyone"]),
        ("innovation.visibility_narrowed", ["everyone", "system"]),
    ]
    with pytest.raises(ValidationError):
        services.change_visibility(actor=trio.owner, innovation=innovation, visibility=Visibility.SYSTEM)


def test_adopting_starts_a_seeded_project_and_records_the_adoption(trio, neighbour):
    innovation = share(trio.organisation, trio.member, visibility=Visibility.SYSTEM)
    adoption = services.adopt_innovation(
        actor=neighbour.staff,
        organisation=neighbour,
        innovation=innovation,
        link="https://coqi.example/o/neighbour-test/innovations/1/",
    )
    project = adoption.project
    assert project.organisation == neighbour and project.stage == Stage.WHAT_MATTERS
    assert innovation.title in project.title
    assert (
        innovation.why in project.description
        and "https://coqi.example/o/neighbour-test/innovations/1/" in project.description
    )
    assert Adoption.objects.get().organisation == neighbour
    assert AuditEvent.objects.filter(action="innovation.adopted", organisation=neighbour).count() == 1
    assert AuditEvent.objects.filter(action="project.created", organisation=neighbour).count() == 1


def test_partners_and_outsiders_cannot_adopt(trio, neighbour):
    innovation = share(trio.organisation, trio.member, visibility=Visibility.SYSTEM)
    for person, organisation in [(neighbour.partner, neighbour), (trio.outsider, neighbour)]:
        with pytest.raises(ValidationError):
            services.adopt_innovation(actor=person, organisation=organisation, innovation=innovation)
    assert not Adoption.objects.exists() and not neighbour.projects.exists()


def test_an_innovation_not_shared_with_the_organisation_cannot_be_adopted_there(trio, neighbour, far_away):
    private = share(trio.organisation, trio.member)
    system = share(trio.organisation, trio.member, visibility=Visibility.SYSTEM)
    for innovation, organisation, person in [(private, neighbour, neighbour.staff), (system, far_away, far_away.staff)]:
        with pytest.raises(ValidationError):
            services.adopt_innovation(actor=person, organisation=organisation, innovation=innovation)
    assert not Adoption.objects.exists()


def test_an_organisation_cannot_adopt_its_own_innovation(trio, client_for):
    innovation = share(trio.organisation, trio.member, visibility=Visibility.EVERYONE)
    with pytest.raises(ValidationError, match="your own organisation's"):
        services.adopt_innovation(actor=trio.owner, organisation=trio.organisation, innovation=innovation)
    client = client_for(trio.owner)
    detail = client.get(f"/o/{trio.organisation.slug}/innovations/{innovation.pk}/").content.decode()
    assert "Adopt this" not in detail
    adopt_url = f"/o/{trio.organisation.slug}/innovations/{innovation.pk}/adopt/"
    page = client.post(adopt_url)
    assert page.status_code == 400 and "your own organisation&#39;s" in page.content.decode()
    assert not Adoption.objects.exists() and not trio.organisation.projects.exists()
