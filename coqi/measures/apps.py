from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "coqi.measures"
    label = "measures"
    verbose_name = "Measures and SPC charts"
