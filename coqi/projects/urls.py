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

from coqi.projects.views import activities as activity_views
from coqi.projects.views import decisions as decision_views
from coqi.projects.views import evidence as evidence_views
from coqi.projects.views import projects as project_views
from coqi.projects.views import team as team_views
from coqi.projects.views import voting as voting_views

app_name = "projects"

# (path prefix under a project, urls module). Each module sets its own app_name (namespace).
SUB_AREAS: list[tuple[str, str]] = [
    ("improvement/", "coqi.improvement.urls"),
    ("measures/", "coqi.improvement.measures_urls"),
]

P = "projects/<id:project_id>/"

urlpatterns = [
    path("projects/", project_views.project_list, name="list"),
    path("projects/new/", project_views.project_new, name="new"),
    path(P, project_views.project_page, name="detail"),
    path(P + "edit/", project_views.project_edit, name="edit"),
    path(P + "stage/", project_views.project_stage, name="stage"),
    path(P + "team/", team_views.team, name="team"),
    path(P + "team/add/", team_views.team_add, name="team-add"),
    path(P + "team/invite/", team_views.team_invite, name="team-invite"),
    path(P + "team/<id:member_id>/", team_views.member_edit, name="member-edit"),
    path(P + "team/<id:member_id>/remove/", team_views.member_remove, name="member-remove"),
    path(P + "activities/", activity_views.activities, name="activities"),
    path(P + "activities/new/", activity_views.activity_new, name="activity-new"),
    path(P + "activities/<id:activity_id>/", activity_views.activity_page, name="activity"),
    path(P + "profile/", activity_views.profile, name="profile"),
    path(P + "what-matters/", evidence_views.what_matters, name="what-matters"),
    path(P + "what-matters/stories/new/", evidence_views.story_new, name="story-new"),
    path(P + "what-matters/stories/<id:story_id>/", evidence_views.story_page, name="story"),
    path(P + "what-matters/stories/<id:story_id>/withdraw/", evidence_views.story_withdraw, name="story-withdraw"),
    path(P + "what-matters/themes/new/", evidence_views.theme_new, name="theme-new"),
    path(P + "what-matters/always-events/new/", evidence_views.always_event_new, name="always-event-new"),
    path(P + "what-matters/touchpoints/new/", evidence_views.touchpoint_new, name="touchpoint-new"),
    path(P + "what-matters/themes/<id:theme_id>/edit/", evidence_views.theme_edit, name="theme-edit"),
    path(
        P + "what-matters/always-events/<id:candidate_id>/edit/",
        evidence_views.always_event_edit,
        name="always-event-edit",
    ),
    path(
        P + "what-matters/touchpoints/<id:touchpoint_id>/edit/", evidence_views.touchpoint_edit, name="touchpoint-edit"
    ),
    path(P + "questions/", voting_views.questions, name="questions"),
    path(P + "questions/new/", voting_views.question_new, name="question-new"),
    path(P + "questions/<id:question_id>/choose/", voting_views.question_choose, name="question-choose"),
    path(P + "prioritise/", voting_views.prioritisation_open, name="prioritisation-open"),
    path(P + "prioritise/<id:prioritisation_id>/vote/", voting_views.vote, name="vote"),
    path(
        P + "prioritise/<id:prioritisation_id>/close/", voting_views.prioritisation_close, name="prioritisation-close"
    ),
    path(P + "decisions/", decision_views.decisions, name="decisions"),
    path(P + "decisions/new/", decision_views.decision_new, name="decision-new"),
    path(P + "decisions/<id:decision_id>/", decision_views.decision_page, name="decision"),
    path(P + "decisions/<id:decision_id>/edit/", decision_views.decision_edit, name="decision-edit"),
    path(P + "reflections/", decision_views.reflections, name="reflections"),
    path(P + "celebrate/", decision_views.celebrate, name="celebrate"),
    path(P + "celebrate/edit/", decision_views.celebrate_edit, name="celebrate-edit"),
    path("activities/", activity_views.organisation_activities, name="org-activities"),
    path("activities/new/", activity_views.organisation_activity_new, name="org-activity-new"),
    path("activities/<id:activity_id>/", activity_views.organisation_activity, name="org-activity"),
]

for _prefix, _module in SUB_AREAS:
    urlpatterns.append(path(P + _prefix, include(_module)))
