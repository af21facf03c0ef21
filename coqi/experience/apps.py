from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(sender, using, **kwargs):
    # SQLite drops a table's triggers whenever a migration remakes it; put the search index back if so.
    from django.db import connections

    from coqi.experience import search

    search.ensure_index(using=connections[using])


class ExperienceConfig(AppConfig):
    name = "coqi.experience"
    label = "experience"
    verbose_name = "Experience of care"

    def ready(self):
        from coqi.experience import search

        search.register_lookup()
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="experience-search-index")
