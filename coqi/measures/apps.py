from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "coqi.measures"
    label = "measures"
    verbose_name = "Measures and SPC charts"

    def ready(self) -> None:
        from coqi.core.audit import label_actions

        from coqi.core.demo import register_demo
        from coqi.measures import hooks  # noqa: F401  registers the project page link and celebration section
        from coqi.measures.demo import load_improvement_demo

        # After the projects demo (order 10): plans, PDSA cycles and measures hang off its projects.
        register_demo(load_improvement_demo, order=20)

        label_actions(
            {
                "measure.created": "Measure added",
                "measure.changed": "Measure changed",
                "measure.data_entered": "Measure data entered",
                "measure.data_uploaded": "Measure data uploaded",
                "measure.data_removed": "Measure data point removed",
            }
        )
