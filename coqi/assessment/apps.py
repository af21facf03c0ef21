from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "coqi.assessment"
    label = "assessment"
    verbose_name = "Co-produced self-assessment, and the commitments that follow it up"

    def ready(self) -> None:
        from coqi.assessment.demo.commitments import load_commitments_demo
        from coqi.assessment.demo.rounds import load_assessment_demo
        from coqi.assessment.home import commitments, rounds  # noqa: F401  menu items and next steps
        from coqi.core.demo import register_demo

        register_demo(load_assessment_demo, order=60)
        register_demo(load_commitments_demo, order=70)  # after the self-assessment demo, whose gaps it follows up
