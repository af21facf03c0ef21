"""Static assets without a CDN (the Content Security Policy that keeps the browser on our origin is django-csp's,
configured in settings), and plain pages for request bodies too large or malformed."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticAssetsMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise for /static/, plus NHS.UK frontend's images at /assets/, where its compiled CSS looks for them."""

    def __init__(self, get_response=None, settings_module=None):
        super().__init__(get_response)
        # From node_modules when it is there, else from the collected static files (a production server).
        for assets in (settings.NHSUK_FRONTEND_DIST / "assets", settings.STATIC_ROOT / "nhsuk" / "assets"):
            if assets.is_dir():
                self.add_files(str(assets), prefix="assets/")
                break


def too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000
    return (
        f"The request is too large: at most {limit:g} MB of form fields or JSON (files uploaded with a form do not "
        f"count), and at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields."
    )


class RequestBodyMiddleware:
    """A web page's form that is too large (413) or not well-formed (400) gets a plain page saying so. Django would
    answer 400 for both, from deep in the CSRF check; reading the form here first, as that check does anyway,
    lets the answer say which. The API answers the same in JSON from its own handlers (coqi/api/api.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not request.path.startswith("/api/"):
            try:
                request.POST  # noqa: B018 -- parse now, to answer for a body that cannot be parsed
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
                return render(request, "errors/413.jinja", {"message": too_large_message()}, status=413)
            except MultiPartParserError:
                return render(request, "errors/400.jinja", status=400)
        return self.get_response(request)
