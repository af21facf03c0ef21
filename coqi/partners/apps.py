from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "coqi.partners"
    label = "partners"
    verbose_name = "Partners: profiles, consent, and partnership health (concentration risk, matching)"
