"""The roles a person can hold in an organisation, what each may do, and the experience each speaks from."""

from django.db import models


class Role(models.TextChoices):
    LIVED_EXPERIENCE_PARTNER = "lived_experience_partner", "Lived experience partner"
    STAFF = "staff", "Staff member"
    FACILITATOR = "facilitator", "Co-production facilitator"
    ORGANISATION_ADMIN = "organisation_admin", "Organisation admin"


ROLE_DESCRIPTIONS = {
    Role.LIVED_EXPERIENCE_PARTNER: "A patient, carer or community member working as an equal partner on improvement.",
    Role.STAFF: "A member of staff taking part in, or leading, improvement work.",
    Role.FACILITATOR: "Supports partners and staff to co-produce: roles, activities, payments and learning.",
    Role.ORGANISATION_ADMIN: (
        "Looks after the organisation in Co-QI: invites people, changes roles, sees the audit trail."
    ),
}

# A system viewer is not a membership of an organisation: it is read-only sight across a whole system.
SYSTEM_VIEWER = "system_viewer"


class Experience(models.TextChoices):
    """The two kinds of expertise co-production shares power between."""

    LIVED = "lived", "Lived experience"
    LEARNT = "learnt", "Learnt experience"


# Roles whose holders speak from lived experience: the organisation role above, and the project team roles of
# patients, carers and community members (`coqi.projects.choices.TeamRole`, whose lived set is derived from this).
# Listed by value so that one function answers for both vocabularies without core importing projects.
LIVED_EXPERIENCE_ROLE_VALUES = frozenset({"lived_experience_partner", "carer", "community_member"})


def experience_of(role: str | None) -> Experience:
    """Lived or learnt experience for a role: an organisation role or a project team role. No role: learnt."""
    return Experience.LIVED if role in LIVED_EXPERIENCE_ROLE_VALUES else Experience.LEARNT
