"""Reads for the system view: who may see it, and the figures, anonymised where an organisation chose so.

Anonymity rules (ADR 0022):
- an anonymised organisation is shown as "Organisation A", "B"…; letters follow a keyed hash of the organisation,
  so they are stable from visit to visit but their order says nothing about names, sizes or when they joined;
- anonymised figures appear only when at least MIN_ANONYMISED anonymised organisations (other than the viewer's
  own) have results: with one, anyone who knows the system's organisations could tell who it is;
- an anonymised organisation's system-level commitments are left out (their words could name them); only a count
  is shown.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from string import ascii_uppercase

from django.conf import settings
from django.db.models import Q
from django.http import Http404

from coqi.assessment.models import Response
from coqi.assessment.models.commitments import Commitment, Level
from coqi.assessment.selectors.rounds import Placement, results_from
from coqi.core.models import Membership, NetworkSharing, Organisation, System, SystemViewer
from coqi.core.roles import Role
from coqi.innovation.models import Innovation, Visibility

MIN_ANONYMISED = 2


@dataclass(frozen=True)
class NetworkAccess:
    system: System
    is_system_viewer: bool
    own_organisations: tuple[Organisation, ...]  # the organisations in this system the person is an admin of

    @property
    def own_ids(self) -> set[int]:
        return {o.pk for o in self.own_organisations}


def network_access(*, user, slug: str) -> NetworkAccess:
    """The system as `user` may see its network view — a system viewer, or an admin of an organisation in it — or
    Http404, never revealing that the system exists."""
    if not user.is_authenticated:
        raise Http404
    system = System.objects.filter(slug=slug).first()
    if system is None:
        raise Http404
    is_viewer = SystemViewer.objects.filter(system=system, user=user).exists()
    own = tuple(
        m.organisation
        for m in Membership.objects.filter(user=user, role=Role.ORGANISATION_ADMIN, organisation__system=system)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if not is_viewer and not own:
        raise Http404
    return NetworkAccess(system=system, is_system_viewer=is_viewer, own_organisations=own)


def anonymous_order_key(organisation: Organisation) -> str:
    """Stable, and unrelated to the name or id order (keyed by the site's secret)."""
    message = f"coqi.network:{organisation.system_id}:{organisation.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_uppercase[rest] + letters
    return letters


@dataclass
class OrganisationFigures:
    label: str
    named: bool
    yours: bool
    slug: str | None  # only for named organisations
    round_title: str | None
    placement: Placement
    marker: int = 0


@dataclass
class NetworkView:
    system: System | None  # None for the national view
    rows: list[OrganisationFigures] = field(default_factory=list)
    named_without_results: list[str] = field(default_factory=list)
    anonymised_without_results: int = 0
    anonymised_withheld: int = 0
    innovations: list[Innovation] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    commitments_left_out: int = 0
    scale: tuple[int, int] | None = None

    @property
    def placed(self) -> list[OrganisationFigures]:
        return [r for r in self.rows if r.placement.improvement is not None and r.placement.coproduction is not None]


def _latest_results(organisations: list[Organisation]) -> dict[int, tuple[str, Placement]]:
    """Each organisation's newest round with enough answers from both groups to be shown (see
    coqi.assessment.selectors.rounds: the same privacy rule), in two queries for the whole system."""
    from coqi.assessment.models import Round

    rounds = list(Round.objects.filter(organisation__in=organisations).order_by("-opened_at", "-id"))
    responses: dict[int, list[Response]] = {r.pk: [] for r in rounds}
    for response in Response.objects.filter(round__in=rounds, submitted_at__isnull=False):
        responses[response.round_id].append(response)
    latest: dict[int, tuple[str, Placement]] = {}
    for round_ in rounds:
        if round_.organisation_id in latest:
            continue
        results = results_from(round_, responses[round_.pk])
        if results.visible and results.placement is not None:
            latest[round_.organisation_id] = (round_.title, results.placement)
    return latest


def _place(view: NetworkView, organisations: list[Organisation], *, anonymised: set[int], own: set[int], key) -> None:
    """Fill `view.rows` and the lists of organisations without results, applying the anonymity rules."""
    latest = _latest_results(organisations)
    named_rows, hidden_rows = [], []
    for organisation in organisations:
        shown_by_name = organisation.pk not in anonymised
        yours = organisation.pk in own
        result = latest.get(organisation.pk)
        if result is None:
            if shown_by_name or yours:
                view.named_without_results.append(organisation.name + (" (yours)" if yours else ""))
            else:
                view.anonymised_without_results += 1
            continue
        title, placement = result
        if shown_by_name or yours:
            named_rows.append(
                OrganisationFigures(
                    label=organisation.name,
                    named=True,
                    yours=yours,
                    slug=organisation.slug,
                    round_title=title,
                    placement=placement,
                )
            )
        else:
            hidden_rows.append((key(organisation), placement))
    hidden_rows.sort(key=lambda row: row[0])
    anonymous_rows = [
        OrganisationFigures(
            label=f"Organisation {_letter(i)}",
            named=False,
            yours=False,
            slug=None,
            round_title=None,
            placement=placement,
        )
        for i, (_, placement) in enumerate(hidden_rows)
    ]
    if len(anonymous_rows) < MIN_ANONYMISED:
        view.anonymised_withheld = len(anonymous_rows)
        anonymous_rows = []
    view.rows = named_rows + anonymous_rows
    for number, row in enumerate(view.rows, 1):
        row.marker = number
    if view.rows:
        view.scale = (view.rows[0].placement.lowest, view.rows[0].placement.highest)


def network_view(*, access: NetworkAccess) -> NetworkView:
    system = access.system
    organisations = list(system.organisations.order_by("name"))
    anonymised = set(
        NetworkSharing.objects.filter(organisation__in=organisations, anonymised_in_system=True).values_list(
            "organisation_id", flat=True
        )
    )
    own = access.own_ids
    view = NetworkView(system=system)
    _place(view, organisations, anonymised=anonymised, own=own, key=anonymous_order_key)
    view.innovations = list(
        Innovation.objects.filter(organisation__system=system, visibility__in=[Visibility.SYSTEM, Visibility.EVERYONE])
        .select_related("organisation")
        .order_by("-created_at", "-id")[:50]
    )
    commitments = Commitment.objects.filter(organisation__system=system, level=Level.SYSTEM)
    hidden = Q(organisation_id__in=anonymised - own)
    view.commitments_left_out = commitments.filter(hidden).count()
    view.commitments = list(commitments.exclude(hidden).select_related("organisation").order_by("review_on", "id"))
    return view


def national_key(organisation: Organisation) -> str:
    message = f"coqi.network.national:{organisation.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def national_view() -> NetworkView:
    """Every organisation in every system, for site staff: anonymised unless it chose to be named nationally.
    Anonymised organisations' system names are not shown either (a small system would give them away)."""
    organisations = list(Organisation.objects.select_related("system").order_by("name"))
    named = set(NetworkSharing.objects.filter(named_nationally=True).values_list("organisation_id", flat=True))
    anonymised = {o.pk for o in organisations} - named
    view = NetworkView(system=None)
    _place(view, organisations, anonymised=anonymised, own=set(), key=national_key)
    view.innovations = list(
        Innovation.objects.filter(visibility=Visibility.EVERYONE)
        .select_related("organisation")
        .order_by("-created_at", "-id")[:50]
    )
    commitments = Commitment.objects.filter(level=Level.SYSTEM)
    view.commitments_left_out = commitments.exclude(organisation_id__in=named).count()
    view.commitments = list(
        commitments.filter(organisation_id__in=named).select_related("organisation").order_by("review_on", "id")
    )
    return view


def innovation_link_organisation(*, access: NetworkAccess, innovation: Innovation) -> Organisation:
    """Which organisation to open a shared innovation from: the person's own, or (for a system viewer) its source."""
    return access.own_organisations[0] if access.own_organisations else innovation.organisation
