from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "coqi.rights"
    label = "rights"
    verbose_name = "People's rights: subject access export and erasure"
