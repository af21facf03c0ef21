from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "coqi.partnership"
    label = "partnership"
    verbose_name = "Partnership health: concentration risk and assets matched to projects"
