from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "coqi.measures"
    label = "measures"
    verbose_name = "Measures and SPC charts"

    def ready(self) -> None:
        from coqi.core.audit import label_actions

        from coqi.measures import hooks  # noqa: F401  registers the project page link and celebration section

        label_actions(
            {
                "measure.created": "Measure added",
                "measure.changed": "Measure changed",
                "measure.data_entered": "Measure data entered",
                "measure.data_uploaded": "Measure data uploaded",
                "measure.data_removed": "Measure data point removed",
            }
        )
