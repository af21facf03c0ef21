"""Bearer authentication with personal access tokens (created on the account page, stored as SHA-256)."""

from ninja.security import HttpBearer

from coqi.accounts.selectors import user_for_token


class PersonalAccessTokenAuth(HttpBearer):
    openapi_description = "A personal access token from your account page: `Authorization: Bearer coqi_…`"

    def authenticate(self, request, token):
        user = user_for_token(secret=token)
        if user is None:
            return None
        request.user = user  # so selectors and services see the person exactly as in the web pages
        return user
