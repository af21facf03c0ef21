"""No link leads anyone to a page they may not open: each menu item and next step shows under the rule of the page
it opens (coqi/core/permissions.py), and an audience only narrows who is shown it."""

from django.urls import resolve, reverse

from coqi.core import navigation, permissions
from coqi.core.access import access_rule_of
from coqi.core.extensions import listed


def _roles_of(audience) -> set:
    if isinstance(audience, str):
        rule = permissions.rule(audience)
        return set(rule.roles) | ({"system_viewer"} if rule.system_viewer else set())
    return set(audience)


def _allowed(rule_name) -> set:
    rule = permissions.rule(rule_name or "organisation.view")
    return set(rule.roles) | ({"system_viewer"} if rule.system_viewer else set())


def test_every_menu_item_shows_under_the_rule_of_its_page(db):
    wrong = []
    for item in listed("NAV_ITEMS"):
        page = resolve(reverse(item.url_name, kwargs={"org_slug": "any"})).func
        if item.rule != access_rule_of(page).read:
            wrong.append(f"{item.label}: shown under {item.rule}, its page's rule is {access_rule_of(page).read}")
    assert not wrong, "\n".join(wrong)


def test_every_audience_is_within_its_rule():
    entries = [(item.label, item.rule, item.audience) for item in listed("NAV_ITEMS")]
    entries += [(step.__name__, step.next_step_rule, step.next_step_audience) for step in listed("HOME_NEXT_STEPS")]
    assert all(rule is not None for _, rule, _ in entries), "give every menu item and next step its page's rule"
    outside = [
        name for name, rule, audience in entries if audience is not None and not _roles_of(audience) <= _allowed(rule)
    ]
    assert not outside, outside


def test_each_person_opens_every_link_in_their_menu_and_next_steps(trio, client_for):
    from coqi.core.selectors import organisation_access
    from tests.factories import SystemViewerFactory

    viewer = SystemViewerFactory(system=trio.organisation.system).user
    for person in (trio.owner, trio.member, trio.partner, viewer):
        access = organisation_access(user=person, slug=trio.organisation.slug)
        links = [item["href"] for item in navigation.nav_items_for(access)]
        links += [step.url.split("#")[0] for step in navigation.next_steps_for(access)]
        client = client_for(person)
        for link in links:
            status = client.get(link).status_code
            assert status not in (403, 404), f"{person} is shown {link} but gets {status}"


def test_a_viewer_kept_from_an_anonymised_self_assessment_is_not_sent_there(trio, client_for):
    from coqi.core.models import NetworkSharing
    from coqi.core.selectors import organisation_access
    from tests.factories import SystemViewerFactory

    viewer = SystemViewerFactory(system=trio.organisation.system).user
    NetworkSharing.objects.update_or_create(organisation=trio.organisation, defaults={"anonymised_in_system": True})
    access = organisation_access(user=viewer, slug=trio.organisation.slug)
    links = [item["href"] for item in navigation.nav_items_for(access)]
    assert links and not any("/assessment/" in link for link in links)
    assert client_for(viewer).get(f"/o/{trio.organisation.slug}/assessment/").status_code == 404
    member_access = organisation_access(user=trio.member, slug=trio.organisation.slug)
    assert any("/assessment/" in item["href"] for item in navigation.nav_items_for(member_access))
