"""Who may do what: every access rule of the site, by name, in one table (ADR 0033).

A rule names the organisation roles it allows and whether a read-only system viewer is allowed too. Views take
a rule by name (`coqi.core.access.organisation_rule("payments.approve")`), the API applies the same rule
(`coqi.core.access.api_access`), and home pages and templates show a link with `allows(access, rule)` for the
rule of the page it opens. tests/config/test_permission_matrix.py compares the table, through every URL and API
operation, with a matrix of who may read and who may change written out by hand.

Rules about one object (a project's own team, a commitment's owner, an innovation's submitter) keep their
object part where the object is, and read the roles from here; `also` says in words who else is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from coqi.core.roles import Role

ANYONE, SIGNED_IN, ORGANISATION, SYSTEM, SITE_STAFF = "anyone", "signed_in", "organisation", "system", "site_staff"

PARTNER, STAFF, FACILITATOR, ADMIN = (
    Role.LIVED_EXPERIENCE_PARTNER,
    Role.STAFF,
    Role.FACILITATOR,
    Role.ORGANISATION_ADMIN,
)
MEMBERS = frozenset(Role.values)
EDITORS = frozenset({STAFF, FACILITATOR, ADMIN})
KEEPERS = frozenset({FACILITATOR, ADMIN})
ADMINS = frozenset({ADMIN})


@dataclass(frozen=True)
class Rule:
    name: str
    roles: frozenset[str]  # organisation roles allowed
    system_viewer: bool  # a viewer of the organisation's system, who is not a member, may pass (read-only)
    description: str  # what the rule lets someone do, in plain English
    scope: str = ORGANISATION  # what the person is checked against: an organisation, a system, anyone…
    also: str = ""  # who else may, decided on the object itself (see the module docstring)


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.name: rule for rule in rules}


RULES: dict[str, Rule] = _rules(
    # The site
    Rule(
        "site.public",
        frozenset(),
        False,
        "open public pages: signing in, invitations, community idea forms",
        scope=ANYONE,
    ),
    Rule("site.signed_in", frozenset(), False, "use your own account: password, tokens, your data", scope=SIGNED_IN),
    Rule(
        "site.national_view",
        frozenset(),
        False,
        "see the national view across every system (Co-QI's site team)",
        scope=SITE_STAFF,
    ),
    # Systems
    Rule("system.view", frozenset(), True, "see a system's organisations, read-only", scope=SYSTEM),
    Rule(
        "network.view",
        ADMINS,
        True,
        "see a system's view: the viewers of the system and the admins of its organisations",
        scope=SYSTEM,
    ),
    # An organisation
    Rule("organisation.view", MEMBERS, True, "see an organisation's home page"),
    Rule("organisation.member", MEMBERS, False, "take part as a member: your own profile, claims and answers"),
    Rule("people.manage", ADMINS, False, "invite people, change their roles and remove them"),
    Rule("audit.view", ADMINS, False, "read the audit trail"),
    Rule("network.choose_sharing", ADMINS, False, "choose how the organisation appears in the system view"),
    # Projects
    Rule("projects.view", MEMBERS, True, "see projects, their teams, activities, evidence and decisions"),
    Rule("projects.start", MEMBERS, False, "start a project"),
    Rule(
        "projects.change",
        EDITORS,
        False,
        "change a project: its team, activities, evidence, votes and decisions",
        also="the project's own team",
    ),
    Rule("projects.invite_new", EDITORS, False, "invite someone new to the organisation from a project's team"),
    Rule("activities.record", EDITORS, False, "record activities outside projects"),
    # Partners
    Rule("profiles.keep", KEEPERS, False, "read and keep other people's profiles and consent"),
    Rule("partnership.view", MEMBERS, True, "see who co-production rests on, without names"),
    Rule("partners.see_names", KEEPERS, False, "see partners' names in concentration figures, and suggestions"),
    # Payments
    Rule("payments.claim", MEMBERS, False, "claim payment and expenses for yourself"),
    Rule("payments.approve", KEEPERS, False, "approve or turn down claims, add payment lines and rate cards"),
    Rule("payments.mark_paid", ADMINS, False, "mark approved claims paid (finance)"),
    Rule("payments.export", ADMINS, False, "export approved and paid claims for finance"),
    # Learning
    Rule("learning.keep", KEEPERS, False, "keep the learning register and development opportunities"),
    Rule("learning.see_figures", KEEPERS, True, "see the learning figures"),
    # Experience of care
    Rule("experience.view", MEMBERS, True, "see feedback comments, their themes and sentiment"),
    Rule("feedback.import", EDITORS, False, "import feedback files"),
    Rule("feedback.label", ADMINS, False, "correct a comment's themes and sentiment"),
    Rule("feedback.train_model", ADMINS, False, "train the organisation's own text model"),
    Rule("stories.record", EDITORS, False, "record and withdraw experience stories"),
    # Innovation
    Rule("innovation.view", MEMBERS, True, "see the innovation library"),
    Rule("innovation.share", MEMBERS, False, "share an innovation in the organisation's name"),
    Rule("innovation.adopt", EDITORS, False, "start a project from an innovation"),
    Rule(
        "innovation.curate",
        KEEPERS,
        False,
        "look after the organisation's innovations: edit them and change who sees them",
        also="the person who shared it",
    ),
    # Community ideas
    Rule("ideas.view", MEMBERS, False, "see community ideas raised with the organisation"),
    Rule("ideas.moderate", EDITORS, False, "publish community ideas, or say why not"),
    Rule("ideas.respond", MEMBERS, False, "respond to published community ideas"),
    Rule("ideas.change_page", ADMINS, False, "change the organisation's public community page"),
    # Self-assessment and commitments
    Rule("assessment.view", MEMBERS, True, "see self-assessment rounds and their results"),
    Rule("assessment.answer", MEMBERS, False, "answer a self-assessment round"),
    Rule("assessment.run_round", KEEPERS, False, "open and close self-assessment rounds"),
    Rule("commitments.view", MEMBERS, True, "see the organisation's commitments"),
    Rule("commitments.make", MEMBERS, False, "make a commitment"),
    Rule(
        "commitments.follow_up",
        KEEPERS,
        False,
        "check in on a commitment and change it",
        also="its owner and the person who made it",
    ),
    # Reports
    Rule("reports.board_report", MEMBERS, True, "read the board report"),
    Rule(
        "money.see_small_totals",
        KEEPERS,
        False,
        "see money paid to fewer than three people in the board report (those who approve claims see it anyway)",
    ),
)


def rule(name: str) -> Rule:
    """The rule of this name; an unknown name is a programming error, so KeyError, never a silent allow."""
    return RULES[name]


def role_allowed(role: str | None, name: str) -> bool:
    return role is not None and role in rule(name).roles


def allows(access, name: str) -> bool:
    """Whether the person with this `OrganisationAccess` (None: nobody signed in) passes the organisation rule."""
    found = rule(name)
    if found.scope != ORGANISATION:
        raise ValueError(f"{name} is not an organisation rule")
    if access is None:
        return False
    as_member = access.membership is not None and access.role in found.roles
    return as_member or (found.system_viewer and access.is_system_viewer)


def require(access, name: str) -> None:
    if not allows(access, name):
        raise PermissionDenied
