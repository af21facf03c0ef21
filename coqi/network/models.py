"""How an organisation appears in the system view: named, or anonymised as "Organisation A", "B"…

The choice is the organisation's own, made by its admin and audited (services.set_sharing). No row means the
default: named to the system's viewers, anonymised in the national view.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coqi.core.models import Organisation


class NetworkSharing(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="network_sharing")
    anonymised_in_system = models.BooleanField(default=False)
    # Nationally every organisation is anonymised unless it chooses to be named.
    named_nationally = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.organisation}: {'anonymised' if self.anonymised_in_system else 'named'} in the system view"
