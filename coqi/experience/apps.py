from django.apps import AppConfig


class ExperienceConfig(AppConfig):
    name = "coqi.experience"
    label = "experience"
    verbose_name = "Experience of care"

    def ready(self) -> None:
        from coqi.core.audit import label_actions
        from coqi.core.demo import register_demo
        from coqi.experience import home  # noqa: F401  registers the menu item and the home-page next step
        from coqi.experience.demo import load_experience_demo

        register_demo(load_experience_demo, order=30)
        label_actions(
            {
                "feedback.imported": "Feedback imported",
                "feedback.mapping_saved": "Feedback columns mapped",
                "feedback.import_queued": "Feedback import started in the background",
                "feedback.import_rejected": "Feedback import rejected",
                "feedback.import_failed": "Feedback import failed",
                "experience_story.recorded": "Story recorded",
                "experience_story.sent": "Story sent to a project",
                "experience_story.withdrawn": "Story withdrawn",
                "feedback.relabelled": "Comment's themes and sentiment corrected",
                "text_model.queued": "Organisation text model training started",
                "text_model.trained": "Organisation text model trained",
                "text_model.chosen": "Text model chosen for imports",
            }
        )
