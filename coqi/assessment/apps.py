from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "coqi.assessment"
    label = "assessment"
    verbose_name = "Co-produced self-assessment"

    def ready(self) -> None:
        from coqi.assessment import home  # noqa: F401  menu item and next steps
        from coqi.assessment.demo import load_assessment_demo
        from coqi.core.demo import register_demo

        register_demo(load_assessment_demo, order=60)
