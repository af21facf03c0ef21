"""One lived/learnt `Experience` and one answer to "which experience is this role, this person" (coqi.core.roles)."""

from coqi.core.roles import Experience, Role, experience_of
from coqi.core.selectors import experience_in
from coqi.projects.choices import LIVED_EXPERIENCE_ROLES, TeamRole


def test_organisation_roles():
    assert experience_of(Role.LIVED_EXPERIENCE_PARTNER) == Experience.LIVED
    for role in (Role.STAFF, Role.FACILITATOR, Role.ORGANISATION_ADMIN, None, ""):
        assert experience_of(role) == Experience.LEARNT


def test_team_roles_and_the_projects_lived_set_agree():
    lived = {TeamRole.LIVED_EXPERIENCE_PARTNER, TeamRole.CARER, TeamRole.COMMUNITY_MEMBER}
    assert LIVED_EXPERIENCE_ROLES == lived
    for role in TeamRole:
        assert experience_of(role) == (Experience.LIVED if role in lived else Experience.LEARNT)


def test_labels():
    assert dict(Experience.choices) == {"lived": "Lived experience", "learnt": "Learnt experience"}


def test_a_person_speaks_from_their_team_role_else_their_organisation_role(trio):
    organisation = trio.organisation
    assert experience_in(organisation=organisation, person=trio.partner) == Experience.LIVED
    assert experience_in(organisation=organisation, person=trio.member) == Experience.LEARNT
    assert experience_in(organisation=organisation, person=trio.outsider) == Experience.LEARNT
    assert experience_in(organisation=organisation, person=trio.member, team_role=TeamRole.CARER) == Experience.LIVED
    assert (
        experience_in(organisation=organisation, person=trio.partner, team_role=TeamRole.STAFF_PARTNER)
        == Experience.LEARNT
    )
