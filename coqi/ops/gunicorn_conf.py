"""gunicorn's settings for `entrypoint.sh web` (`--config python:coqi.ops.gunicorn_conf`): its logs as JSON lines."""

import os

from coqi.ops.logs import gunicorn_logging_config

logconfig_dict = gunicorn_logging_config(
    level=os.environ.get("COQI_GUNICORN_LOG_LEVEL", "info"),
    access=os.environ.get("COQI_ACCESS_LOG", "0").lower() in {"1", "true", "yes", "on"},
)
# Read by coqi.ops.logs.GunicornAccessFilter, which makes fields of these atoms; the query string is never used.
access_log_format = "%(m)s %(U)s %(s)s %(M)s %({x-request-id}o)s"
