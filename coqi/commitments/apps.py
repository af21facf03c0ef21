from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "coqi.commitments"
    label = "commitments"
    verbose_name = "Commitments: as an individual, a leader, a system"

    def ready(self) -> None:
        from coqi.commitments import home  # noqa: F401  menu item and next steps (overdue commitments)
        from coqi.commitments.demo import load_commitments_demo
        from coqi.core.demo import register_demo

        register_demo(load_commitments_demo, order=70)  # after the self-assessment demo, whose gaps it follows up
