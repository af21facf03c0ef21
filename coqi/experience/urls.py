"""Experience of care pages, under /o/<org_slug>/experience/."""

from django.urls import path

from coqi.experience import views

app_name = "experience"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("comments/", views.comment_list, name="comments"),
    path("comments/<id:comment_id>/", views.comment_detail, name="comment"),
    path("comments/<id:comment_id>/label/", views.comment_label, name="comment-label"),
    path("model/", views.text_model, name="text-model"),
    path("themes/send/", views.send_theme, name="send-theme"),
    path("import/", views.import_file, name="import"),
    path("import/jobs/<id:job_id>/", views.import_job, name="import-job"),
    path("columns/", views.column_mapping, name="columns"),
    path("stories/", views.story_list, name="stories"),
    path("stories/new/", views.story_new, name="story-new"),
    path("stories/<id:experience_story_id>/", views.story_detail, name="story"),
    path("stories/<id:experience_story_id>/withdraw/", views.story_withdraw, name="story-withdraw"),
]
