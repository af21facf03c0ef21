"""The roles a person can hold in an organisation, and what each may do."""

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
    Role.ORGANISATION_ADMIN: "Looks after the organisation in Co-QI: invites people, changes roles, sees the audit trail.",
}

# A system viewer is not a membership of an organisation: it is read-only sight across a whole system.
SYSTEM_VIEWER = "system_viewer"
