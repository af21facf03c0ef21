"""System checks that catch a half-installed site before someone sees an unstyled page."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def front_end_assets_installed(app_configs=None, **kwargs):
    stylesheet = "nhsuk-frontend-10.6.1.min.css"
    installed = (settings.NHSUK_FRONTEND_DIST / stylesheet).is_file()
    collected = (settings.STATIC_ROOT / "nhsuk" / stylesheet).is_file()
    if installed or collected:
        return []
    return [
        Warning(
            f"NHS.UK frontend is not installed at {settings.NHSUK_FRONTEND_DIST}; pages will have no styles.",
            hint="Run `make assets` (npm ci) in the project folder, or set COQI_NODE_MODULES.",
            id="coqi.W001",
        )
    ]
