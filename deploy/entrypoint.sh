#!/bin/sh
# Co-QI's one way to start in production: the container image's entrypoint and the systemd units' ExecStart.
#
#   entrypoint.sh web          migrate (unless COQI_MIGRATE_ON_START=0), then gunicorn on $COQI_BIND
#   entrypoint.sh worker       the background worker (feedback imports, model training), with its heartbeat
#   entrypoint.sh migrate      create or update the tables, then exit (run once per release with several servers)
#   entrypoint.sh healthcheck  exit 0 when /health/ready answers 200 on this machine (the container healthcheck)
#   entrypoint.sh ARGS…        anything else runs as given, e.g. `entrypoint.sh coqi createadmin`
#
# Settings come from COQI_* environment variables (docs/deploy.md lists them); production settings by default.
set -eu

DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-coqi.config.settings.production}"
export DJANGO_SETTINGS_MODULE
bind="${COQI_BIND:-0.0.0.0:8000}"

command="${1:-web}"
[ "$#" -gt 0 ] && shift

case "$command" in
  web)
    if [ "${COQI_MIGRATE_ON_START:-1}" != 0 ]; then
      coqi migrate >&2  # its one line of news to stderr: stdout carries only JSON log lines
    fi
    # gthread workers: a slow upload or report does not hold a whole process. Logs: the site's JSON lines go to
    # stdout; gunicorn's own (start, stop, a worker killed by --timeout) to stderr, as JSON too
    # (coqi/ops/gunicorn_conf.py). Its access log only with COQI_ACCESS_LOG=1: the site logs each request itself.
    exec gunicorn coqi.config.wsgi:application \
      --config python:coqi.ops.gunicorn_conf \
      --bind "$bind" \
      --workers "${COQI_WEB_WORKERS:-3}" \
      --threads "${COQI_WEB_THREADS:-4}" \
      --worker-class gthread \
      --timeout "${COQI_WEB_TIMEOUT:-120}" \
      --graceful-timeout 30 \
      --forwarded-allow-ips "${COQI_FORWARDED_ALLOW_IPS:-127.0.0.1}" \
      --error-logfile - \
      --log-level "${COQI_GUNICORN_LOG_LEVEL:-info}" \
      "$@"
    ;;
  worker)
    exec coqi worker "$@"
    ;;
  migrate)
    exec coqi migrate "$@"
    ;;
  healthcheck)
    # Asks /health/ready as a probe on this machine would (COQI_HEALTHCHECK_URL to ask another, e.g. the worker
    # asking the web server), naming the first allowed host so that Django accepts the Host header.
    exec python - "$bind" <<'PYTHON'
import os, sys, urllib.request
port = sys.argv[1].rsplit(":", 1)[-1]
url = os.environ.get("COQI_HEALTHCHECK_URL") or f"http://127.0.0.1:{port}/health/ready"
host = (os.environ.get("COQI_ALLOWED_HOSTS") or "localhost").split(",")[0].strip()
host = "localhost" if host in {"", "*"} else ("health" + host if host.startswith(".") else host)
request = urllib.request.Request(url, headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=8) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as error:  # 503, refused, timed out: all "not ready"
    print(f"not ready: {error}", file=sys.stderr)
    sys.exit(1)
PYTHON
    ;;
  *)
    exec "$command" "$@"
    ;;
esac
