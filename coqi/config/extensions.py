"""Every way one area adds to another, in one place and in order (docs/adr/0031-explicit-extension-lists.md).

Each list holds dotted paths; settings exposes them by these names, and the code that reads them (coqi.core.extensions,
coqi.core.navigation, coqi.core.audit, coqi.core.demo, coqi.projects.registry, coqi.core.services, coqi.rights) imports
each object only when it reads the list. So core and projects never import the areas that extend them, and things
appear in the order written here: there are no `order=` numbers and nothing registers itself at import time.

This module imports nothing from the apps, so settings can import it. tests/config/test_extensions.py fails when an
entry does not import, when a url_name does not reverse, and when an area's home, hooks, demo, personal_data or audit
labels are not listed here.
"""

# The header menu of an organisation's pages, left to right (coqi.core.navigation.NavItem objects).
NAV_ITEMS = [
    "coqi.core.home.HOME_ITEM",
    "coqi.reports.home.INVOLVEMENT_ITEM",
    "coqi.projects.home.PROJECTS_ITEM",
    "coqi.experience.home.EXPERIENCE_ITEM",
    "coqi.assessment.home.rounds.SELF_ASSESSMENT_ITEM",
    "coqi.payments.home.MY_CLAIMS_ITEM",
    "coqi.payments.home.PAYMENTS_ITEM",
    "coqi.learning.home.LEARNING_ITEM",
    "coqi.assessment.home.commitments.COMMITMENTS_ITEM",
    "coqi.ideas.home.IDEAS_ITEM",
    "coqi.partners.home.profiles.PROFILE_ITEM",
    "coqi.innovation.home.INNOVATIONS_ITEM",
    "coqi.partners.home.partnership.CONCENTRATION_ITEM",
    "coqi.core.home.PEOPLE_ITEM",
    "coqi.reports.home.BOARD_REPORT_ITEM",
    "coqi.core.home.AUDIT_TRAIL_ITEM",
]

# The "next steps" on a role's home page, top to bottom: functions marked with coqi.core.navigation.next_step,
# which says whose home page each is for. What needs doing now (overdue, waiting, alerts) comes first.
HOME_NEXT_STEPS = [
    "coqi.reports.home.my_involvement",
    "coqi.learning.home.opportunities_waiting_for_an_answer",
    "coqi.partners.home.partnership.concentration_alert",
    "coqi.projects.home.my_projects",
    "coqi.assessment.home.commitments.my_overdue_commitments",
    "coqi.assessment.home.commitments.overdue_in_the_organisation",
    "coqi.core.home.invite_people",
    "coqi.projects.home.start_a_project",
    "coqi.projects.home.see_projects",
    "coqi.ideas.home.ideas_waiting_for_moderation",
    "coqi.projects.home.record_involvement",
    "coqi.core.home.manage_people",
    "coqi.projects.home.viewer_projects",
    "coqi.core.home.see_audit_trail",
    "coqi.experience.home.experience_of_care",
    "coqi.payments.home.claim_payment",
    "coqi.assessment.home.rounds.answer_the_open_round",
    "coqi.payments.home.approve_claims",
    "coqi.learning.home.learning_register",
    "coqi.innovation.home.share_or_find_an_innovation",
    "coqi.network.home.system_view",
    "coqi.partners.home.profiles.my_profile",
    "coqi.core.home.your_account",
]

# The project page's "Work on the project" links, in order (coqi.projects.registry.ProjectLink objects).
PROJECT_LINKS = [
    "coqi.improvement.hooks.PLAN_LINK",
    "coqi.improvement.hooks.MEASURES_LINK",
    "coqi.partners.home.partnership.PROJECT_LINK",
]

# Sections of a project's celebration page after its own, in order: `(request, project) -> CelebrationSection | None`.
CELEBRATION_SECTIONS = [
    "coqi.improvement.hooks.tests_of_change",
    "coqi.improvement.hooks.measure_charts",
]

# Called as `(*, actor, activity)` inside the transaction that recorded or changed an activity's attendance.
ATTENDANCE_LISTENERS = [
    "coqi.payments.hooks.make_payment_lines",  # payment lines made from attendance (ADR 0018)
]

# Called as `(*, invitation)` inside the transaction that accepted an invitation to an organisation.
INVITATION_ACCEPTED_LISTENERS = [
    "coqi.projects.services.team.join_team_from_invitation",  # the project team places the person was invited to
]

# Each area's plain-English names for its audit actions (dicts), added to core's own on the audit trail page.
AUDIT_LABELS = [
    "coqi.projects.services.projects.AUDIT_LABELS",
    "coqi.projects.services.team.AUDIT_LABELS",
    "coqi.projects.services.activities.AUDIT_LABELS",
    "coqi.projects.services.evidence.AUDIT_LABELS",
    "coqi.projects.services.stories.AUDIT_LABELS",
    "coqi.projects.services.voting.AUDIT_LABELS",
    "coqi.projects.services.decisions.AUDIT_LABELS",
    "coqi.improvement.services.plans.AUDIT_LABELS",
    "coqi.improvement.services.measures.AUDIT_LABELS",
    "coqi.experience.services.AUDIT_LABELS",
    "coqi.assessment.services.rounds.AUDIT_LABELS",
    "coqi.assessment.services.commitments.AUDIT_LABELS",
    "coqi.partners.services.AUDIT_LABELS",
    "coqi.payments.services.AUDIT_LABELS",
    "coqi.learning.services.AUDIT_LABELS",
    "coqi.rights.services.AUDIT_LABELS",
    "coqi.innovation.services.AUDIT_LABELS",
    "coqi.core.services.SHARING_AUDIT_LABELS",
    "coqi.ideas.services.AUDIT_LABELS",
    "coqi.accounts.services.AUDIT_LABELS",  # single sign-on (issue 14)
]

# Modules holding an area's personal data (see coqi/rights/contract.md): a subject access export and an erasure go
# through them in this order.
PERSONAL_DATA_MODULES = [
    "coqi.accounts.personal_data",
    "coqi.api.personal_data",
    "coqi.assessment.personal_data",
    "coqi.core.personal_data",
    "coqi.experience.personal_data",
    "coqi.ideas.personal_data",
    "coqi.improvement.personal_data",
    "coqi.innovation.personal_data",
    "coqi.learning.personal_data",
    "coqi.ops.personal_data",  # e-mail still waiting for the mail server (issue 14)
    "coqi.payments.personal_data",
    "coqi.partners.personal_data",
    "coqi.projects.personal_data",
]

# `coqi demo`: after core's organisations and people, each area's demo content in this order, every run (so each
# loader is idempotent). A later loader may build on what an earlier one made, as the comments say.
DEMO_LOADERS = [
    "coqi.projects.demo.load_projects_demo",  # first: other areas' plans, measures and activities hang off these
    "coqi.improvement.demo.load_improvement_demo",  # aims, driver diagrams, PDSA cycles and measures on those projects
    "coqi.experience.demo.load_experience_demo",
    "coqi.assessment.demo.rounds.load_assessment_demo",
    "coqi.payments.demo.load_payments_demo",
    "coqi.assessment.demo.commitments.load_commitments_demo",  # after the self-assessment, whose gaps it follows up
    "coqi.learning.demo.load_learning_demo",
    "coqi.ideas.demo.load_ideas_demo",  # after projects, so an idea can be sent to one
    "coqi.partners.demo.profiles.load_people_demo",  # after payments, so the forum is not yet claimed
    "coqi.innovation.demo.load_innovation_demo",  # after projects, so an adoption can start one
    "coqi.network.demo.load_network_demo",  # after the self-assessment (Riverside's round)
    "coqi.partners.demo.partnership.load_partnership_demo",  # after payments and people: picks partners from attendance
]
