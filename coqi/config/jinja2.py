"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros from nhsuk-frontend-jinja."""

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _date(value, fmt: str = "%-d %B %Y") -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return value.strftime(fmt)


def _datetime(value) -> str:
    return _date(value, "%-d %B %Y at %-I:%M%p").replace("AM", "am").replace("PM", "pm")


def environment(**options) -> Environment:
    project_loader = options.pop("loader", None) or FileSystemLoader([])
    options["loader"] = ChoiceLoader([project_loader, PackageLoader("nhsuk_frontend_jinja")])
    # The NHS.UK macros read nested parameters that callers often leave out (params.hint.text …).
    options["undefined"] = ChainableUndefined
    options.setdefault("autoescape", True)
    env = Environment(**options)
    from coqi.core.audit import action_label
    from coqi.core.formatting import FILTERS
    from coqi.core.permissions import allows  # templates show a link only to those its page's rule lets in

    env.globals.update(
        action_label=action_label,
        allows=allows,
        url=url,
        static=static,
        get_messages=get_messages,
        service_name="Co-QI",
        settings_debug=settings.DEBUG,
    )
    env.filters.update(date=_date, datetime=_datetime, **FILTERS)
    return env
