"""When someone accepts an invitation to the organisation, they take any project team place waiting for them."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from coqi.core.models import Invitation


@receiver(post_save, sender=Invitation, dispatch_uid="projects.join_team_on_acceptance")
def join_team_on_acceptance(sender, instance: Invitation, update_fields=None, **kwargs):
    # The foundation's accept services save accepted_at/accepted_by inside their transaction,
    # so the team place is taken atomically with the membership.
    if instance.accepted_at is None or instance.accepted_by_id is None:
        return
    if update_fields is not None and "accepted_at" not in update_fields:
        return
    from coqi.projects import services

    services.join_team_from_invitation(invitation=instance)
