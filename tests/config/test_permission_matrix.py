"""Who may read and who may change each page and API operation, written out by hand, against the rules the views
and operations are stamped with (coqi/core/permissions.py, ADR 0033). A URL missing here fails, and so does a rule
that allows a different set of people: a wrong rule fails, not only a missing one.

Who, in each entry: P lived experience partner, S staff, F facilitator, A organisation admin (all members of the
organisation in the URL), V a viewer of its system who is not a member (read-only), O an outsider (an admin of
another organisation, in another system), N nobody signed in. "+" means some more people are allowed, decided on
the object itself (a project's own team, a commitment's owner, an innovation's submitter; the rule says who).
"-" means none of them: Co-QI's own site team only. A page's entry is (read: GET, change: POST and the rest).
"""

from __future__ import annotations

import dataclasses
import inspect

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from coqi.core import permissions
from coqi.core.access import access_rule_of

PAGES = {
    "core:landing": ("PSFAVON", "PSFAVON"),
    "core:home": ("PSFAVO", "PSFAVO"),
    "core:organisations": ("PSFAVO", "PSFAVO"),
    "core:invitation-accept": ("PSFAVON", "PSFAVON"),
    "core:system-home": ("V", "V"),
    "core:organisation-home": ("PSFAV", "PSFAV"),
    "core:members": ("A", "A"),
    "core:invite": ("A", "A"),
    "core:member-role": ("A", "A"),
    "core:member-remove": ("A", "A"),
    "core:invitation-withdraw": ("A", "A"),
    "core:audit": ("A", "A"),
    "accounts:sign-in": ("PSFAVON", "PSFAVON"),
    # Probes for load balancers and containers: public, answering only whether the site's dependencies answer.
    "ops:live": ("PSFAVON", "PSFAVON"),
    "ops:ready": ("PSFAVON", "PSFAVON"),
    "accounts:sign-out": ("PSFAVON", "PSFAVON"),
    "accounts:account": ("PSFAVO", "PSFAVO"),
    "accounts:password-change": ("PSFAVO", "PSFAVO"),
    "accounts:token-create": ("PSFAVO", "PSFAVO"),
    "accounts:token-revoke": ("PSFAVO", "PSFAVO"),
    "accounts:password-reset": ("PSFAVON", "PSFAVON"),
    "accounts:password-reset-sent": ("PSFAVON", "PSFAVON"),
    "accounts:password-reset-confirm": ("PSFAVON", "PSFAVON"),
    "accounts:password-reset-complete": ("PSFAVON", "PSFAVON"),
    # Single sign-on (404 for everyone while it is not configured).
    "accounts:sso-start": ("PSFAVON", "PSFAVON"),
    "accounts:sso-callback": ("PSFAVON", "PSFAVON"),
    "accounts:sso-no-organisation": ("PSFAVO", "PSFAVO"),
    "rights:mine": ("PSFAVO", "PSFAVO"),
    "rights:download": ("PSFAVO", "PSFAVO"),
    "me:involvement": ("PSFAVO", "PSFAVO"),
    "calendar:page": ("PSFAVO", "PSFAVO"),
    "calendar:feed": ("PSFAVON", "PSFAVON"),  # opened by its secret alone; anything else is 404
    "projects:list": ("PSFAV", "PSFAV"),
    "projects:new": ("PSFA", "PSFA"),
    "projects:detail": ("PSFAV", "PSFAV"),
    "projects:edit": ("SFA+", "SFA+"),
    "projects:stage": ("SFA+", "SFA+"),
    "projects:team": ("PSFAV", "PSFAV"),
    "projects:team-add": ("SFA+", "SFA+"),
    "projects:team-invite": ("SFA", "SFA"),
    "projects:member-edit": ("SFA+", "SFA+"),
    "projects:member-remove": ("SFA+", "SFA+"),
    "projects:activities": ("PSFAV", "PSFAV"),
    "projects:activity-new": ("SFA+", "SFA+"),
    "projects:activity": ("PSFAV", "SFA+"),
    "projects:profile": ("PSFAV", "PSFAV"),
    "projects:what-matters": ("PSFAV", "PSFAV"),
    "projects:story-new": ("SFA+", "SFA+"),
    "projects:story": ("PSFAV", "PSFAV"),
    "projects:story-withdraw": ("SFA+", "SFA+"),
    "projects:theme-new": ("SFA+", "SFA+"),
    "projects:always-event-new": ("SFA+", "SFA+"),
    "projects:touchpoint-new": ("SFA+", "SFA+"),
    "projects:theme-edit": ("SFA+", "SFA+"),
    "projects:always-event-edit": ("SFA+", "SFA+"),
    "projects:touchpoint-edit": ("SFA+", "SFA+"),
    "projects:questions": ("PSFAV", "PSFAV"),
    "projects:question-new": ("SFA+", "SFA+"),
    "projects:question-choose": ("SFA+", "SFA+"),
    "projects:prioritisation-open": ("SFA+", "SFA+"),
    "projects:vote": ("SFA+", "SFA+"),
    "projects:prioritisation-close": ("SFA+", "SFA+"),
    "projects:decisions": ("PSFAV", "PSFAV"),
    "projects:decision-new": ("SFA+", "SFA+"),
    "projects:decision": ("PSFAV", "SFA+"),
    "projects:decision-edit": ("SFA+", "SFA+"),
    "projects:reflections": ("PSFAV", "SFA+"),
    "projects:celebrate": ("PSFAV", "PSFAV"),
    "projects:celebrate-edit": ("SFA+", "SFA+"),
    "projects:org-activities": ("PSFAV", "PSFAV"),
    "projects:org-activity-new": ("SFA", "SFA"),
    "projects:org-activity": ("PSFAV", "SFA"),
    "projects:improvement:plan": ("PSFAV", "PSFAV"),
    "projects:improvement:aim": ("SFA+", "SFA+"),
    "projects:improvement:driver-add": ("SFA+", "SFA+"),
    "projects:improvement:driver-rename": ("SFA+", "SFA+"),
    "projects:improvement:driver-move": ("SFA+", "SFA+"),
    "projects:improvement:driver-move-under": ("SFA+", "SFA+"),
    "projects:improvement:driver-remove": ("SFA+", "SFA+"),
    "projects:improvement:pdsa-new": ("SFA+", "SFA+"),
    "projects:improvement:pdsa-detail": ("PSFAV", "PSFAV"),
    "projects:improvement:pdsa-edit": ("SFA+", "SFA+"),
    "projects:measures:list": ("PSFAV", "PSFAV"),
    "projects:measures:new": ("SFA+", "SFA+"),
    "projects:measures:detail": ("PSFAV", "PSFAV"),
    "projects:measures:edit": ("SFA+", "SFA+"),
    "projects:measures:archive": ("SFA+", "SFA+"),
    "projects:measures:data": ("SFA+", "SFA+"),
    "projects:measures:upload": ("SFA+", "SFA+"),
    "projects:measures:upload-template": ("PSFAV", "PSFAV"),
    "projects:measures:data-remove": ("SFA+", "SFA+"),
    # issue 15: how the chart is read (team editors), and downloads for a board paper (anyone who sees the chart)
    "projects:measures:phase-new": ("SFA+", "SFA+"),
    "projects:measures:phase-remove": ("SFA+", "SFA+"),
    "projects:measures:exclusion-new": ("SFA+", "SFA+"),
    "projects:measures:exclusion-remove": ("SFA+", "SFA+"),
    "projects:measures:note-new": ("SFA+", "SFA+"),
    "projects:measures:note-remove": ("SFA+", "SFA+"),
    "projects:measures:export-svg": ("PSFAV", "PSFAV"),
    "projects:measures:export-png": ("PSFAV", "PSFAV"),
    "projects:measures:export-csv": ("PSFAV", "PSFAV"),
    "projects:measures:export-xlsx": ("PSFAV", "PSFAV"),
    "experience:dashboard": ("PSFAV", "PSFAV"),
    "experience:comments": ("PSFAV", "PSFAV"),
    "experience:comment": ("PSFAV", "PSFAV"),
    "experience:comment-label": ("A", "A"),
    "experience:text-model": ("A", "A"),
    "experience:send-theme": ("PSFAV", "PSFAV"),
    "experience:import": ("SFA", "SFA"),
    "experience:import-job": ("SFA", "SFA"),
    "experience:columns": ("SFA", "SFA"),
    "experience:stories": ("PSFA", "PSFA"),
    "experience:story-new": ("SFA", "SFA"),
    "experience:story": ("PSFA", "PSFA"),
    "experience:story-withdraw": ("SFA", "SFA"),
    "assessment:rounds": ("PSFAV", "PSFAV"),
    "assessment:round-new": ("FA", "FA"),
    "assessment:framework": ("PSFAV", "PSFAV"),
    "assessment:round": ("PSFAV", "PSFAV"),
    "assessment:respond": ("PSFA", "PSFA"),
    "assessment:results": ("PSFAV", "PSFAV"),
    "assessment:round-close": ("FA", "FA"),
    "commitments:list": ("PSFAV", "PSFAV"),
    "commitments:new": ("PSFA", "PSFA"),
    "commitments:from-gap": ("PSFA", "PSFA"),
    "commitments:detail": ("PSFAV", "FA+"),
    "commitments:edit": ("FA+", "FA+"),
    "reports:involvement": ("PSFA", "PSFA"),
    "partners:me": ("PSFA", "PSFA"),
    "partners:consent-withdraw": ("PSFA", "PSFA"),
    "partners:profile": ("FA", "FA"),
    "partners:consent-new": ("FA", "FA"),
    "payments:overview": ("FA", "FA"),
    "payments:mine": ("PSFA", "PSFA"),
    "payments:claim-payment": ("PSFA", "PSFA"),
    "payments:expense-new": ("PSFA", "PSFA"),
    "payments:line": ("FA", "FA"),
    "payments:expense": ("PSFA", "PSFA"),
    "payments:receipt": ("PSFA", "PSFA"),
    "payments:create-lines": ("FA", "FA"),
    "payments:rates": ("FA", "FA"),
    "payments:export": ("A", "A"),
    "learning:register": ("FA", "FA"),
    "learning:event-new": ("FA", "FA"),
    "learning:event": ("FA", "FA"),
    "learning:event-edit": ("FA", "FA"),
    "learning:opportunities": ("FA", "FA"),
    "learning:opportunity-new": ("FA", "FA"),
    "learning:opportunity": ("FA", "FA"),
    "learning:opportunity-answer": ("PSFA", "PSFA"),
    "partners:concentration": ("PSFAV", "PSFAV"),
    "partners:project": ("PSFAV", "PSFAV"),
    "partners:suggestions": ("FA", "FA"),
    "reports:board-report": ("PSFAV", "PSFAV"),
    "reports:board-report-pdf": ("PSFAV", "PSFAV"),
    "innovation:list": ("PSFAV", "PSFAV"),
    "innovation:new": ("PSFA", "PSFA"),
    "innovation:detail": ("PSFAV", "PSFAV"),
    "innovation:adopt": ("SFA", "SFA"),
    "innovation:edit": ("FA+", "FA+"),
    "innovation:visibility": ("FA+", "FA+"),
    "ideas:list": ("PSFA", "PSFA"),
    "ideas:settings": ("A", "A"),
    "ideas:detail": ("PSFA", "PSFA"),
    "ideas:moderate": ("SFA", "SFA"),
    "ideas:respond": ("PSFA", "PSFA"),
    "ideas:send": ("PSFA", "PSFA"),
    "network:system": ("AV", "AV"),
    "network:sharing": ("A", "A"),
    "national:view": ("-", "-"),
    "community:page": ("PSFAVON", "PSFAVON"),
    "community:raise": ("PSFAVON", "PSFAVON"),
    "community:yours": ("PSFAVON", "PSFAVON"),
}

# API operations by method and path: who may call them. TOKEN: anyone with a token; the operation itself decides
# what they see (their own account, their organisations, a system's view for its viewers and admins, ADR 0022).
TOKEN = "TOKEN"
API = {
    "GET /api/v1/me": TOKEN,
    "PATCH /api/v1/me": TOKEN,
    "GET /api/v1/organisations": TOKEN,
    "GET /api/v1/organisations/<slug>": "PSFAV",
    "GET /api/v1/organisations/<slug>/memberships": "A",
    "GET /api/v1/organisations/<slug>/projects/<project_id>/measures": "PSFAV",
    "POST /api/v1/organisations/<slug>/projects/<project_id>/measures": "SFA+",
    "PATCH /api/v1/organisations/<slug>/projects/<project_id>/measures/<measure_id>": "SFA+",
    "GET /api/v1/organisations/<slug>/projects/<project_id>/measures/<measure_id>": "PSFAV",
    "PUT /api/v1/organisations/<slug>/projects/<project_id>/measures/<measure_id>/data": "SFA+",
    "GET /api/v1/organisations/<slug>/projects/<project_id>/pdsa-cycles": "PSFAV",
    "POST /api/v1/organisations/<slug>/projects/<project_id>/pdsa-cycles": "SFA+",
    "PATCH /api/v1/organisations/<slug>/projects/<project_id>/pdsa-cycles/<cycle_id>": "SFA+",
    "GET /api/v1/organisations/<slug>/projects": "PSFAV",
    "POST /api/v1/organisations/<slug>/projects": "PSFA",
    "GET /api/v1/organisations/<slug>/projects/<project_id>": "PSFAV",
    "PATCH /api/v1/organisations/<slug>/projects/<project_id>": "SFA+",
    "GET /api/v1/organisations/<slug>/projects/<project_id>/team": "PSFAV",
    "POST /api/v1/organisations/<slug>/projects/<project_id>/team": "SFA+",
    "GET /api/v1/organisations/<slug>/projects/<project_id>/activities": "PSFAV",
    "POST /api/v1/organisations/<slug>/projects/<project_id>/activities": "SFA+",
    "GET /api/v1/organisations/<slug>/activities": "PSFAV",
    "POST /api/v1/organisations/<slug>/activities": "SFA",
    "GET /api/v1/organisations/<slug>/projects/<project_id>/decisions": "PSFAV",
    "POST /api/v1/organisations/<slug>/projects/<project_id>/decisions": "SFA+",
    "GET /api/v1/organisations/<slug>/assessment/rounds": "PSFAV",
    "POST /api/v1/organisations/<slug>/assessment/rounds": "FA",
    "GET /api/v1/organisations/<slug>/assessment/rounds/<round_id>": "PSFAV",
    "POST /api/v1/organisations/<slug>/assessment/rounds/<round_id>/close": "FA",
    "GET /api/v1/organisations/<slug>/assessment/rounds/<round_id>/framework": "PSFAV",
    "GET /api/v1/organisations/<slug>/assessment/rounds/<round_id>/answers": "PSFA",
    "PUT /api/v1/organisations/<slug>/assessment/rounds/<round_id>/answers": "PSFA",
    "GET /api/v1/organisations/<slug>/assessment/rounds/<round_id>/results": "PSFAV",
    "GET /api/v1/organisations/<slug>/commitments": "PSFAV",
    "POST /api/v1/organisations/<slug>/commitments": "PSFA",
    "GET /api/v1/organisations/<slug>/commitments/<commitment_id>": "PSFAV",
    "PATCH /api/v1/organisations/<slug>/commitments/<commitment_id>": "FA+",
    "POST /api/v1/organisations/<slug>/commitments/<commitment_id>/check-ins": "FA+",
    "GET /api/v1/organisations/<slug>/claims/mine": "PSFA",
    "GET /api/v1/organisations/<slug>/claims/waiting": "FA",
    "POST /api/v1/organisations/<slug>/claims/payment": "PSFA",
    "POST /api/v1/organisations/<slug>/claims/expense": "PSFA",
    "GET /api/v1/organisations/<slug>/claims": "FA",
    "POST /api/v1/organisations/<slug>/claims/<claim_id>/approve": "FA",
    "POST /api/v1/organisations/<slug>/claims/<claim_id>/reject": "FA",
    "POST /api/v1/organisations/<slug>/claims/<claim_id>/paid": "A",
    "GET /api/v1/organisations/<slug>/activities/<activity_id>/attendance": "PSFA",
    "GET /api/v1/organisations/<slug>/finance-export": "A",
    "GET /api/v1/organisations/<slug>/profiles/mine": "PSFA",
    "GET /api/v1/organisations/<slug>/profiles": "FA",
    "GET /api/v1/organisations/<slug>/learning/events": "PSFAV",
    "POST /api/v1/organisations/<slug>/learning/events": "FA",
    "GET /api/v1/organisations/<slug>/learning/figures": "FAV",
    "GET /api/v1/organisations/<slug>/learning/opportunities": "PSFAV",
    "GET /api/v1/organisations/<slug>/partnership/concentration": "PSFAV",
    "GET /api/v1/organisations/<slug>/projects/<project_id>/partnership/concentration": "PSFAV",
    "GET /api/v1/organisations/<slug>/projects/<project_id>/partnership/suggestions": "FA",
    "GET /api/v1/organisations/<slug>/board-report": "PSFAV",
    "GET /api/v1/organisations/<slug>/innovations": "PSFAV",
    "POST /api/v1/organisations/<slug>/innovations": "PSFA",
    "GET /api/v1/organisations/<slug>/innovations/<innovation_id>": "PSFAV",
    "POST /api/v1/organisations/<slug>/innovations/<innovation_id>/adopt": "SFA",
    "GET /api/v1/systems/<slug>/network": TOKEN,
    "GET /api/v1/organisations/<slug>/ideas": "PSFA",
    "POST /api/v1/organisations/<slug>/ideas/<idea_id>/responses": "PSFA",
    "POST /api/v1/organisations/<slug>/feedback/imports": "SFA",
    "GET /api/v1/organisations/<slug>/feedback/imports/<job_id>": "PSFAV",
    "GET /api/v1/organisations/<slug>/feedback/comments": "PSFAV",
    "GET /api/v1/organisations/<slug>/feedback/themes": "PSFAV",
    "GET /api/v1/national": TOKEN,
    "GET /api/v1/organisations/<slug>/people/me": "PSFA",
    "PATCH /api/v1/organisations/<slug>/people/me": "PSFA",
    "GET /api/v1/organisations/<slug>/people/me/consents": "PSFA",
    "GET /api/v1/organisations/<slug>/people": "FA",
    "GET /api/v1/organisations/<slug>/people/<person_id>": "FA",
    "GET /api/v1/organisations/<slug>/people/<person_id>/consents": "FA",
    "POST /api/v1/organisations/<slug>/people/<person_id>/consents": "FA",
    "POST /api/v1/organisations/<slug>/people/consents/<consent_id>/withdraw": "PSFA",
}

_LETTER = {
    permissions.PARTNER: "P",
    permissions.STAFF: "S",
    permissions.FACILITATOR: "F",
    permissions.ADMIN: "A",
}


def who(name: str) -> str:
    """The people a rule of the permission table allows, in the letters above."""
    rule = permissions.rule(name)
    if rule.scope == permissions.ANYONE:
        return "PSFAVON"
    if rule.scope == permissions.SIGNED_IN:
        return "PSFAVO"
    if rule.scope == permissions.SITE_STAFF:
        return "-"
    letters = "".join(letter for role, letter in _LETTER.items() if role in rule.roles)
    return letters + ("V" if rule.system_viewer else "") + ("+" if rule.also else "")


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            joined = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), joined)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, pattern.callback


def _operations():
    for route, _, callback in _walk(get_resolver().url_patterns):
        if getattr(callback, "__qualname__", "").startswith("PathView.get_view"):
            for operation in inspect.getclosurevars(callback).nonlocals["self"].operations:
                for method in operation.methods:
                    yield f"{method} /{route}", operation


def _api_who(operation) -> str:
    stamped = access_rule_of(operation.view_func)
    if stamped is None:
        return TOKEN
    seen, done = who(stamped.read), who(stamped.change)
    return "".join(letter for letter in "PSFAV" if letter in seen and letter in done) + ("+" if "+" in done else "")


def page_differences() -> list[str]:
    found, problems = set(), []
    for route, name, callback in _walk(get_resolver().url_patterns):
        if route.startswith(("django-admin/", "api/")):
            continue  # Django's admin has its own staff rule; the API is compared below
        found.add(name)
        stamped = access_rule_of(callback)
        actual = (who(stamped.read), who(stamped.change)) if stamped else None
        if name not in PAGES:
            problems.append(f"{name} ({route}) is not in PAGES: add who may read and change it {actual}")
        elif actual != PAGES[name]:
            problems.append(f"{name}: the rules allow {actual}, the matrix says {PAGES[name]}")
    problems += [f"{name} is in PAGES but no URL has that name" for name in PAGES.keys() - found]
    return problems


def api_differences() -> list[str]:
    found, problems = set(), []
    for key, operation in _operations():
        if key in found:
            continue  # django-ninja answers with and without the trailing slash
        found.add(key)
        actual = _api_who(operation)
        if key not in API:
            problems.append(f"{key} is not in API: add who may call it ({actual})")
        elif actual != API[key]:
            problems.append(f"{key}: the rules allow {actual}, the matrix says {API[key]}")
    problems += [f"{key} is in API but there is no such operation" for key in API.keys() - found]
    return problems


def test_every_page_has_the_rule_the_matrix_expects():
    problems = page_differences()
    assert not problems, "\n".join(problems)


def test_every_api_operation_has_the_rule_the_matrix_expects():
    problems = api_differences()
    assert not problems, "\n".join(problems)


def test_every_rule_in_the_table_is_used_and_described():
    used = {
        stamped
        for _, _, callback in _walk(get_resolver().url_patterns)
        if (stamped := access_rule_of(callback)) is not None
    }
    used |= {stamped for _, operation in _operations() if (stamped := access_rule_of(operation.view_func))}
    names = {name for stamped in used for name in (stamped.read, stamped.change)}
    for name, rule in permissions.RULES.items():
        assert rule.name == name and rule.description, name
    # Some rules only decide what a page shows (a link, names, small totals), so are not any view's rule.
    shown_only = {"money.see_small_totals"}
    assert permissions.RULES.keys() - names == shown_only


@pytest.mark.parametrize(
    "rule, roles",
    [
        ("payments.approve", permissions.EDITORS),  # staff would approve claims
        ("people.manage", permissions.KEEPERS),  # facilitators would change roles
    ],
)
def test_a_wrong_rule_fails_the_matrix(monkeypatch, rule, roles):
    monkeypatch.setitem(permissions.RULES, rule, dataclasses.replace(permissions.RULES[rule], roles=roles))
    assert page_differences(), f"giving {rule} to {sorted(roles)} went unnoticed by the page matrix"
    if rule == "payments.approve":
        assert any("claims/waiting" in problem for problem in api_differences())


def test_a_viewer_allowed_where_they_are_not_fails_the_matrix(monkeypatch):
    wrong = dataclasses.replace(permissions.RULES["payments.claim"], system_viewer=True)
    monkeypatch.setitem(permissions.RULES, "payments.claim", wrong)
    problems = page_differences()
    assert any(problem.startswith("payments:mine:") for problem in problems)


# --- The same matrix, asked of the real site: a sample of pages and operations of each rule, as each person ----------

SIGN_IN = "/account/sign-in/"


@pytest.fixture
def everyone(trio):
    from coqi.core.roles import Role
    from tests.factories import MembershipFactory, SystemViewerFactory, UserFactory

    facilitator = UserFactory(email="facilitator@example.com", display_name="Fay Facilitator")
    MembershipFactory(organisation=trio.organisation, user=facilitator, role=Role.FACILITATOR)
    viewer = SystemViewerFactory(system=trio.organisation.system).user
    return {
        "P": trio.partner,
        "S": trio.member,
        "F": facilitator,
        "A": trio.owner,
        "V": viewer,
        "O": trio.outsider,
        "N": None,
    }


@pytest.fixture
def sample_values(trio):
    from coqi.core import services
    from coqi.core.roles import Role
    from tests.core.test_tenancy import _area_sample_ids

    invitation = services.invite_person(
        actor=trio.owner, organisation=trio.organisation, email="someone@example.com", role=Role.STAFF
    )
    return {
        "org_slug": trio.organisation.slug,
        "slug": trio.organisation.slug,
        "system_slug": trio.organisation.system.slug,
        "membership_id": trio.organisation.memberships.get(user=trio.member).pk,
        "invitation_id": invitation.pk,
        **_area_sample_ids(trio),
    }


def _fill(route: str, values: dict) -> str | None:
    import re

    missing = [name for name in re.findall(r"<(?:\w+:)?(\w+)>", route) if name not in values]
    if missing:
        return None
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda match: str(values[match.group(2)]), route)


def _samples(entries, per_rule: int = 2):
    """The first few URLs of each pair of rules (reading, changing) whose ids the samples can fill."""
    taken: dict = {}
    for key, url, stamped in entries:
        if url is not None and len(taken.setdefault((stamped.read, stamped.change), [])) < per_rule:
            taken[(stamped.read, stamped.change)].append((key, url, stamped))
    return [sample for samples in taken.values() for sample in samples]


def _as(client, person):
    client.logout()
    if person is not None:
        client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _page_problem(letter, allowed: str, response, *, organisation_scope: bool, read_allowed: bool) -> str | None:
    status, location = response.status_code, response.get("Location", "")
    if letter == "N" and "N" not in allowed:
        return None if status == 302 and location.startswith(SIGN_IN) else f"{status}, not sent to sign in"
    if letter in allowed:
        if status in (403, 404) or status >= 500 or location.startswith(SIGN_IN):
            return f"{status} {location}, though allowed"
        return None
    if organisation_scope and letter in "PSFA" or (letter == "V" and read_allowed):
        expected = 403  # a member, or a viewer who may read the page but not change it
    else:
        expected = 404  # the organisation, system or national view is not theirs to know of
    return None if status == expected else f"{status}, expected {expected}"


def test_pages_answer_each_person_as_the_matrix_says(client, trio, everyone, sample_values):
    entries = [
        (name, _fill(route, sample_values), access_rule_of(callback))
        for route, name, callback in _walk(get_resolver().url_patterns)
        if not route.startswith(("django-admin/", "api/"))
    ]
    samples = _samples(entries, per_rule=1)
    assert len({stamped.read for _, _, stamped in samples}) >= 30  # nearly every rule is asked at least once
    problems = []
    for name, url, stamped in samples:
        reading, changing = PAGES[name]
        organisation_scope = permissions.rule(stamped.read).scope == permissions.ORGANISATION
        for letter, person in everyone.items():
            object_decides = "+" in reading and letter in "PSFA" and letter not in reading
            if not object_decides:
                response = _as(client, person).get(url)
                problem = _page_problem(
                    letter, reading, response, organisation_scope=organisation_scope, read_allowed=False
                )
                if problem:
                    problems.append(f"GET {name} {url} as {letter}: {problem}")
            # Only those refused are sent a POST: an allowed one could change the samples under the others.
            if letter in changing or ("+" in changing and letter in "PSFA"):
                continue
            response = _as(client, person).post(url)
            problem = _page_problem(
                letter, changing, response, organisation_scope=organisation_scope, read_allowed=letter in reading
            )
            if problem:
                problems.append(f"POST {name} {url} as {letter}: {problem}")
    assert not problems, "\n".join(problems)


def test_api_answers_each_person_as_the_matrix_says(client, trio, everyone, sample_values, bearer):
    entries = []
    for key, operation in _operations():
        stamped = access_rule_of(operation.view_func)
        if stamped is not None and key.startswith("GET "):
            entries.append((key, _fill(key.split(" ", 1)[1].lstrip("/"), sample_values), stamped))
    samples = _samples(entries, per_rule=1)
    assert len(samples) >= 12
    problems = []
    for key, url, stamped in samples:
        allowed = API[key]
        for letter, person in everyone.items():
            if "+" in allowed and letter in "PSFA" and letter not in allowed:
                continue
            headers = bearer(person) if person is not None else {}
            response = client.get(url, **headers)
            status = response.status_code
            if status == 404 and letter in allowed and response.json().get("detail") != "Not Found":
                continue  # allowed, and told of something missing in the samples (an answer not yet given)
            if letter == "N":
                expected = {401}
            elif letter in allowed:
                expected = None
            elif letter == "O" or not permissions.allows(_access_of(trio, person), stamped.read):
                expected = {404}
            else:
                expected = {403}
            if (expected is None and status in (401, 403, 404)) or (expected is not None and status not in expected):
                problems.append(f"{key} as {letter}: {status}")
    assert not problems, "\n".join(problems)


def _access_of(trio, person):
    from coqi.core.selectors import organisation_access

    return organisation_access(user=person, slug=trio.organisation.slug)
