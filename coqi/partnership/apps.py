from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "coqi.partnership"
    label = "partnership"
    verbose_name = "Partnership health: concentration risk and assets matched to projects"

    def ready(self) -> None:
        from coqi.core.demo import register_demo
        from coqi.partnership import home  # noqa: F401  menu item, home-page alert, link on project pages
        from coqi.partnership.demo import load_partnership_demo

        # After the projects demo (10), whose projects and partners it adds to, and after the payments (60) and people
        # (76) demos, which pick Riverside partners from the attendance already there.
        register_demo(load_partnership_demo, order=90)
