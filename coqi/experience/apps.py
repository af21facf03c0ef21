from django.apps import AppConfig


class ExperienceConfig(AppConfig):
    name = "coqi.experience"
    label = "experience"
    verbose_name = "Experience of care"

    def ready(self) -> None:
        from coqi.core.audit import label_actions
        from coqi.core.demo import register_demo
        from coqi.core.navigation import nav_item
        from coqi.experience.demo import load_experience_demo

        nav_item(label="Experience", url_name="experience:dashboard", order=40)
        register_demo(load_experience_demo, order=30)
        label_actions(
            {
                "feedback.imported": "Feedback imported",
                "feedback.mapping_saved": "Feedback columns mapped",
            }
        )
