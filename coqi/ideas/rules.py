"""Who may do what with community ideas, from the person's organisation access."""

from coqi.core.roles import Role

MODERATOR_ROLES = frozenset({Role.STAFF, Role.FACILITATOR, Role.ORGANISATION_ADMIN})
# Partners answer too: "you said, we did" is co-produced, not only a staff reply.
RESPONDER_ROLES = MODERATOR_ROLES | {Role.LIVED_EXPERIENCE_PARTNER}


def can_moderate(access) -> bool:
    return not access.read_only and access.role in MODERATOR_ROLES


def can_respond(access) -> bool:
    return not access.read_only and access.role in RESPONDER_ROLES


def can_change_page(access) -> bool:
    return not access.read_only and access.role == Role.ORGANISATION_ADMIN
