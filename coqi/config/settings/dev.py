"""Local development (`coqi serve`): debug on unless COQI_DEBUG says otherwise."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("COQI_DEBUG", True)
WHITENOISE_AUTOREFRESH = DEBUG
