from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "coqi.improvement"
    label = "improvement"
    verbose_name = "Model for Improvement: aims, driver diagrams, PDSA cycles, measures and SPC charts"

    def ready(self) -> None:
        from coqi.core.audit import label_actions
        from coqi.core.demo import register_demo
        from coqi.improvement import hooks  # noqa: F401  registers the project page links and celebration sections
        from coqi.improvement.demo import load_improvement_demo

        # After the projects demo (order 10): plans, PDSA cycles and measures hang off its projects.
        register_demo(load_improvement_demo, order=20)

        label_actions(
            {
                "aim.set": "Aim set",
                "aim.changed": "Aim changed",
                "driver.added": "Driver diagram item added",
                "driver.renamed": "Driver diagram item renamed",
                "driver.moved": "Driver diagram item moved",
                "driver.moved_under": "Driver diagram item moved to another parent",
                "driver.removed": "Driver diagram item removed",
                "pdsa.created": "PDSA cycle planned",
                "pdsa.updated": "PDSA cycle updated",
                "measure.created": "Measure added",
                "measure.changed": "Measure changed",
                "measure.data_entered": "Measure data entered",
                "measure.data_uploaded": "Measure data uploaded",
                "measure.data_removed": "Measure data point removed",
            }
        )
