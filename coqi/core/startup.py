"""Starting Django from a command line: shared by the `coqi` command and each area's own command group.

It lives in core, not in `coqi.cli`, so an area's command group can start Django without importing the top-floor
command that assembles all the groups. Django itself is imported only when called, so the pure-library commands
(`coqi spc`, `coqi text`) never load it.
"""

from __future__ import annotations

import os


def setup_django(settings_module: str = "coqi.config.settings.dev") -> None:
    """Start Django for the site commands (the pure-library commands never need it)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()
