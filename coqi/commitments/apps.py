from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "coqi.commitments"
    label = "commitments"
    verbose_name = "Commitments: as an individual, a leader, a system"
