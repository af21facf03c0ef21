"""The JSON API at /api/v1/. Each area adds its router here; every operation needs a token unless marked public."""

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from coqi.accounts.api_auth import PersonalAccessTokenAuth
from coqi.core.access import public
from coqi.core.api_input import JsonParser, checks_first, document_the_character_rule
from coqi.core.middleware import too_large_message


def _api_docs_rule(view):
    """The schema and its Swagger UI are public; Swagger UI needs inline styles, so its page relaxes styles only."""

    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
        )
        return response

    return public(wrapper)


class CoqiSwagger(Swagger):
    """ninja's Swagger UI in a page with `lang`, a main landmark and an h1 (coqi/api/templates/api/swagger.html)."""

    template = "api/swagger.html"


class CoqiAPI(NinjaAPI):
    def get_openapi_schema(self, **arguments):
        return document_the_character_rule(super().get_openapi_schema(**arguments))


api = CoqiAPI(
    title="Co-QI API",
    version="1",
    description=(
        "Co-QI's JSON API. Authenticate with a personal access token from your account page, sent as "
        "`Authorization: Bearer <token>`. You see only the organisations you belong to."
    ),
    auth=PersonalAccessTokenAuth(),
    urls_namespace="api",
    docs_decorator=_api_docs_rule,
    docs=CoqiSwagger(),
    parser=JsonParser(),
)
# Access, then the character rule, before validation, on every operation (ADRs 0024 and 0036).
api.add_decorator(checks_first, mode="view")


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    # Name each field that is wrong, in words a person can act on.
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(location), "message": error.get("msg", "Invalid value")})
    return api.create_response(request, {"detail": "Invalid input", "errors": errors}, status=422)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    response = api.create_response(
        request, {"detail": "A valid personal access token is required (Authorization: Bearer …)."}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(RequestDataTooBig)
@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
def _too_large(request, exc):
    return api.create_response(request, {"detail": too_large_message()}, status=413)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(SuspiciousOperation)
def _unreadable(request, exc):
    detail = "The request body could not be read: send JSON, or a well-formed multipart/form-data upload."
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


from coqi.accounts.api import router as accounts_router  # noqa: E402
from coqi.core.api import router as core_router  # noqa: E402

api.add_router("/", accounts_router)
api.add_router("/organisations", core_router)
from coqi.improvement.api.measures import router as measures_router  # noqa: E402
from coqi.improvement.api.plans import router as improvement_router  # noqa: E402

api.add_router("/organisations", measures_router)
api.add_router("/organisations", improvement_router)
from coqi.projects.api.activities import router as activities_router  # noqa: E402
from coqi.projects.api.decisions import router as decisions_router  # noqa: E402
from coqi.projects.api.projects import router as projects_router  # noqa: E402
from coqi.projects.api.team import router as team_router  # noqa: E402

api.add_router("/organisations", projects_router)
api.add_router("/organisations", team_router)
api.add_router("/organisations", activities_router)
api.add_router("/organisations", decisions_router)
from coqi.assessment.api.commitments import router as commitments_router  # noqa: E402
from coqi.assessment.api.rounds import router as assessment_router  # noqa: E402

api.add_router("/organisations", assessment_router)
api.add_router("/organisations", commitments_router)
from coqi.payments.api import router as payments_router  # noqa: E402

api.add_router("/organisations", payments_router)
from coqi.ideas.api import router as ideas_router  # noqa: E402
from coqi.innovation.api import router as innovation_router  # noqa: E402
from coqi.learning.api import router as learning_router  # noqa: E402
from coqi.network.api import router as network_router  # noqa: E402
from coqi.partners.api.partnership import router as partnership_router  # noqa: E402
from coqi.reports.api import router as reports_router  # noqa: E402

api.add_router("/organisations", learning_router)
api.add_router("/organisations", partnership_router)
api.add_router("/organisations", reports_router)
api.add_router("/organisations", innovation_router)
api.add_router("/systems", network_router)
api.add_router("/organisations", ideas_router)
from coqi.experience.api import router as experience_router  # noqa: E402

api.add_router("/organisations", experience_router)
from coqi.network.api import national_router  # noqa: E402
from coqi.partners.api.profiles import router as people_router  # noqa: E402

api.add_router("/national", national_router)
api.add_router("/organisations", people_router)
