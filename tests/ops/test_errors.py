"""Error reporting is off by default, its address is checked at start-up, and what would be sent holds no personal
data: a real event is made by sentry-sdk from a real exception and a real Django request, passed through the SDK's
own pipeline to a transport that keeps it in memory (no network)."""

import weakref

import pytest
import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from sentry_sdk.integrations.django import DjangoIntegration, _make_wsgi_request_event_processor
from sentry_sdk.integrations.wsgi import _make_wsgi_event_processor
from sentry_sdk.transport import Transport
from sentry_sdk.utils import event_from_exception

from coqi.config.env import validate_sentry_dsn
from coqi.ops import errors

DSN = "https://0123456789abcdef@errors.trust.example/42"
# Kept far from the failing function below: the event carries a few lines of its source as context.
EMAIL = "mo@example.com"
ADDRESS = "Mrs Smith of 4 Acacia Avenue"


class KeptInMemory(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        self.events.extend(item.payload.json for item in envelope.items if item.type == "event")


def _save(comment):
    """Fails with the comment in a local variable; the event keeps this source (no data in it) for context."""
    raise ValueError("the comment could not be saved")


def _send(client, request, user):
    """What the Django integration does for an error in a view (its two event processors for the request), with
    `client` as the scope's client."""
    with sentry_sdk.new_scope() as scope:
        scope.set_client(client)
        scope.set_user(user)
        scope.add_event_processor(_make_wsgi_event_processor(request.META, False))
        scope.add_event_processor(_make_wsgi_request_event_processor(weakref.ref(request), DjangoIntegration()))
        scope.add_breadcrumb(category="query", message="SELECT …", data={"db.params": [EMAIL]})
        try:
            _save(ADDRESS)
        except ValueError as error:
            event, hint = event_from_exception(error, client_options=client.options)
        scope.capture_event(event, hint=hint)
    return client.transport.events


def _request():
    request = RequestFactory().post(
        "/o/riverside/experience/comments/7/?q=Mrs+Smith",
        {"email": EMAIL, "text": "my neighbour " + ADDRESS},
        HTTP_COOKIE="sessionid=abc123secret; csrftoken=tok; theme=dark",
        HTTP_AUTHORIZATION="Bearer coqi_pat_secret",
        HTTP_USER_AGENT="Firefox",
    )
    return request


@pytest.mark.filterwarnings("ignore:The send_default_pii option is deprecated:DeprecationWarning")
@pytest.mark.parametrize("pii", [False, True], ids=["our options", "even with send_default_pii on"])
def test_the_event_that_leaves_holds_the_error_but_not_the_person(pii):
    options = errors.options(dsn=DSN, environment="test")
    if pii:  # as if an operator had turned everything on: the scrubber still holds
        options.update(send_default_pii=True, include_local_variables=True, max_request_body_size="always")
    client = sentry_sdk.Client(**options, transport=KeptInMemory, default_integrations=False)
    (event,) = _send(client, _request(), {"id": "de78ff592a6d9c38", "email": EMAIL, "username": "Mo"})

    assert event["exception"]["values"][0]["value"] == "the comment could not be saved"
    assert event["request"]["url"].endswith("/o/riverside/experience/comments/7/")
    assert event["request"]["method"] == "POST"
    assert event["user"] == {"id": "de78ff592a6d9c38"}
    text = str(event)
    for secret in (EMAIL, "Mrs Smith", "Acacia", "abc123secret", "coqi_pat_secret", "q=Mrs", "neighbour"):
        assert secret not in text
    assert "data" not in event["request"] and "cookies" not in event["request"]
    assert event["request"]["headers"]["Authorization"] == "[Filtered]"
    assert event["request"]["headers"]["User-Agent"] == "Firefox"


def test_scrub_leaves_an_event_without_request_or_user_as_it_was():
    event = {"message": "the worker stopped", "level": "error"}
    assert errors.scrub(dict(event), {}) == event


def test_our_options_collect_no_personal_data_to_begin_with():
    client = sentry_sdk.Client(**errors.options(dsn=DSN, environment="test"), default_integrations=False)
    assert client.options["data_collection"]["user_info"] is False
    assert client.options["include_local_variables"] is False and client.options["before_send"] is errors.scrub


def test_reporting_is_off_unless_a_dsn_is_set():
    from django.conf import settings

    assert settings.SENTRY_DSN is None
    assert not sentry_sdk.get_client().is_active()
    assert validate_sentry_dsn("COQI_SENTRY_DSN", "") is None
    assert validate_sentry_dsn("COQI_SENTRY_DSN", f" {DSN} ") == DSN


@pytest.mark.parametrize(
    "bad",
    ["errors.trust.example/42", "ftp://key@errors.trust.example/42", "https://errors.trust.example/42",
     "https://key@errors.trust.example/project"],
)  # fmt: skip
def test_a_malformed_dsn_stops_the_site_starting_with_the_variable_named(bad):
    with pytest.raises(ImproperlyConfigured, match="COQI_SENTRY_DSN"):
        validate_sentry_dsn("COQI_SENTRY_DSN", bad)


@pytest.mark.filterwarnings("ignore:The send_default_pii option is deprecated:DeprecationWarning")
def test_without_the_scrubber_the_same_event_would_carry_the_person():
    """So the test above can fail: the event it checks really is made with the person in it."""
    options = {**errors.options(dsn=DSN, environment="test"), "before_send": None, "send_default_pii": True}
    options["max_request_body_size"] = "always"
    client = sentry_sdk.Client(**options, transport=KeptInMemory, default_integrations=False)
    (event,) = _send(client, _request(), {"id": "de78ff592a6d9c38", "email": EMAIL})
    assert EMAIL in str(event) and "neighbour" in str(event)
