"""A next step on admins' home pages: choose how the organisation appears in the system view, and see it."""

from django.urls import reverse

from coqi.core.navigation import NextStep, next_step


@next_step(rule="network.choose_sharing")
def system_view(access):
    system = access.organisation.system
    return [
        NextStep(
            f"See {system.name} together",
            "Where the organisations of your system are on the QI–co-production continuum, their shared "
            "innovations and their commitments as a system.",
            reverse("network:system", kwargs={"system_slug": system.slug}),
        ),
        NextStep(
            "Choose how we appear in the system view",
            "By name, or anonymised. Your choice, recorded in the audit trail.",
            reverse("network:sharing", kwargs={"system_slug": system.slug, "org_slug": access.organisation.slug}),
        ),
    ]
