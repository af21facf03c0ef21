"""Project pages and organisation-wide activities, included from coqi/config/urls.py at /o/<org_slug>/.

Where other areas plug in: a project's sub-areas live under /o/<org_slug>/projects/<project_id>/<area>/,
e.g. the improvement area (aim, driver diagram, PDSA cycles) at `…/<project_id>/improvement/` and measures at
`…/<project_id>/measures/`. Add each as one line in SUB_AREAS below: (prefix, "coqi.<area>.urls"). The module
sets its own `app_name`, so its names are nested: reverse("projects:measures:list", kwargs={"org_slug": …,
"project_id": …}). Views there use `coqi.projects.access.project_access_required` and receive `organisation=`
and `project=`. Links on the project page (`coqi.projects.registry.ProjectLink`) and sections on the celebration
page are listed in PROJECT_LINKS and CELEBRATION_SECTIONS in coqi/config/extensions.py.
"""

from django.urls import include, path

from coqi.projects import views

app_name = "projects"

# (path prefix under a project, urls module). Each module sets its own app_name (namespace).
SUB_AREAS: list[tuple[str, str]] = [
    ("improvement/", "coqi.improvement.urls"),
    ("measures/", "coqi.improvement.measures_urls"),
]

P = "projects/<id:project_id>/"

urlpatterns = [
    path("projects/", views.project_list, name="list"),
    path("projects/new/", views.project_new, name="new"),
    path(P, views.project_page, name="detail"),
    path(P + "edit/", views.project_edit, name="edit"),
    path(P + "stage/", views.project_stage, name="stage"),
    path(P + "team/", views.team, name="team"),
    path(P + "team/add/", views.team_add, name="team-add"),
    path(P + "team/invite/", views.team_invite, name="team-invite"),
    path(P + "team/<id:member_id>/", views.member_edit, name="member-edit"),
    path(P + "team/<id:member_id>/remove/", views.member_remove, name="member-remove"),
    path(P + "activities/", views.activities, name="activities"),
    path(P + "activities/new/", views.activity_new, name="activity-new"),
    path(P + "activities/<id:activity_id>/", views.activity_page, name="activity"),
    path(P + "profile/", views.profile, name="profile"),
    path(P + "what-matters/", views.what_matters, name="what-matters"),
    path(P + "what-matters/stories/new/", views.story_new, name="story-new"),
    path(P + "what-matters/stories/<id:story_id>/", views.story_page, name="story"),
    path(P + "what-matters/stories/<id:story_id>/withdraw/", views.story_withdraw, name="story-withdraw"),
    path(P + "what-matters/themes/new/", views.theme_new, name="theme-new"),
    path(P + "what-matters/always-events/new/", views.always_event_new, name="always-event-new"),
    path(P + "what-matters/touchpoints/new/", views.touchpoint_new, name="touchpoint-new"),
    path(P + "what-matters/themes/<id:theme_id>/edit/", views.theme_edit, name="theme-edit"),
    path(P + "what-matters/always-events/<id:candidate_id>/edit/", views.always_event_edit, name="always-event-edit"),
    path(P + "what-matters/touchpoints/<id:touchpoint_id>/edit/", views.touchpoint_edit, name="touchpoint-edit"),
    path(P + "questions/", views.questions, name="questions"),
    path(P + "questions/new/", views.question_new, name="question-new"),
    path(P + "questions/<id:question_id>/choose/", views.question_choose, name="question-choose"),
    path(P + "prioritise/", views.prioritisation_open, name="prioritisation-open"),
    path(P + "prioritise/<id:prioritisation_id>/vote/", views.vote, name="vote"),
    path(P + "prioritise/<id:prioritisation_id>/close/", views.prioritisation_close, name="prioritisation-close"),
    path(P + "decisions/", views.decisions, name="decisions"),
    path(P + "decisions/new/", views.decision_new, name="decision-new"),
    path(P + "decisions/<id:decision_id>/", views.decision_page, name="decision"),
    path(P + "decisions/<id:decision_id>/edit/", views.decision_edit, name="decision-edit"),
    path(P + "reflections/", views.reflections, name="reflections"),
    path(P + "celebrate/", views.celebrate, name="celebrate"),
    path(P + "celebrate/edit/", views.celebrate_edit, name="celebrate-edit"),
    path("activities/", views.organisation_activities, name="org-activities"),
    path("activities/new/", views.organisation_activity_new, name="org-activity-new"),
    path("activities/<id:activity_id>/", views.organisation_activity, name="org-activity"),
]

for _prefix, _module in SUB_AREAS:
    urlpatterns.append(path(P + _prefix, include(_module)))
