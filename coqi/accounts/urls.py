from django.urls import path

from coqi.accounts import sso_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("", views.account, name="account"),
    path("password/", views.password_change, name="password-change"),
    path("tokens/new/", views.token_create, name="token-create"),
    path("tokens/<id:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password-reset-confirm"),
    path("password-reset/done/", views.password_reset_complete, name="password-reset-complete"),
    # Single sign-on for staff (OpenID Connect); 404 unless COQI_OIDC_ISSUER is set.
    path("sso/", sso_views.sso_start, name="sso-start"),
    path("sso/callback/", sso_views.sso_callback, name="sso-callback"),
    path("sso/welcome/", sso_views.sso_no_organisation, name="sso-no-organisation"),
]
