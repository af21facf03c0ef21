from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "coqi.improvement"
    label = "improvement"
    verbose_name = "Model for Improvement: aims, driver diagrams and PDSA cycles"

    def ready(self) -> None:
        from coqi.core.audit import label_actions

        from coqi.improvement import hooks  # noqa: F401  registers the project page link and celebration section

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
            }
        )
