from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "coqi.improvement"
    label = "improvement"
    verbose_name = "Model for Improvement: aims, driver diagrams, PDSA cycles, measures and SPC charts"
