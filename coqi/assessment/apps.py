from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "coqi.assessment"
    label = "assessment"
    verbose_name = "Co-produced self-assessment, and the commitments that follow it up"
