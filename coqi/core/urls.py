from django.urls import path

from coqi.core import views

app_name = "core"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("organisations/", views.organisations, name="organisations"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("s/<slug:system_slug>/", views.system_home, name="system-home"),
    path("o/<slug:org_slug>/", views.organisation_home, name="organisation-home"),
    path("o/<slug:org_slug>/people/", views.members, name="members"),
    path("o/<slug:org_slug>/people/invite/", views.invite, name="invite"),
    path("o/<slug:org_slug>/people/<id:membership_id>/role/", views.member_role, name="member-role"),
    path("o/<slug:org_slug>/people/<id:membership_id>/remove/", views.member_remove, name="member-remove"),
    path(
        "o/<slug:org_slug>/invitations/<id:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("o/<slug:org_slug>/audit/", views.audit_trail, name="audit"),
]
