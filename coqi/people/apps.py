from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "coqi.people"
    label = "people"
    verbose_name = "People: partner and staff profiles"
