from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "coqi.partners"
    label = "partners"
    verbose_name = "Partners: profiles, consent, and partnership health (concentration risk, matching)"

    def ready(self) -> None:
        from coqi.core.demo import register_demo
        from coqi.partners.demo.partnership import load_partnership_demo
        from coqi.partners.demo.profiles import load_people_demo
        from coqi.partners.home import partnership, profiles  # noqa: F401  menu items, next steps, project link

        register_demo(load_people_demo, order=76)  # after the payments demo (60), so the forum is not yet claimed
        # After the projects demo (10), whose projects and partners it adds to, and after the payments (60) and people
        # (76) demos, which pick Riverside partners from the attendance already there.
        register_demo(load_partnership_demo, order=90)
