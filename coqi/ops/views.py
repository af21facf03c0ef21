"""/health/live and /health/ready: for load balancers, container healthchecks and monitoring.

Public by design (a probe has no account), GET only, never cached, and answering nothing about people or
organisations: only whether each dependency answers."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from coqi.core.access import public
from coqi.ops import health


@public
@never_cache
@require_safe
def live(request):
    """The process is up and answering; touches no database, so a database outage does not restart the servers."""
    return JsonResponse({"status": "ok"})


@public
@never_cache
@require_safe
def ready(request):
    """200 when the database and the cache answer, every migration is applied and a worker was seen lately;
    503 otherwise, so a load balancer sends no one to a server that cannot serve them."""
    checks = health.ready()
    healthy = all(result == health.OK for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )
