"""An organisation with something in every area the board report reads, built through each area's services."""

from __future__ import annotations

import base64
import re
import zlib
from datetime import date, timedelta

from coqi.assessment.models.commitments import Level
from coqi.assessment.services import rounds as assessment_services
from coqi.core.roles import Experience, Role
from coqi.experience import services as experience_services
from coqi.improvement.models import Measure
from coqi.improvement.services import measures as measure_services
from coqi.payments import services as payment_services
from coqi.projects.choices import ActivityKind, Rung, Stage, TeamRole
from coqi.projects.services import activities as activity_services
from coqi.projects.services import decisions as decision_services
from coqi.projects.services import projects as project_services
from coqi.projects.services import team as team_services
from tests.assessment.commitments.samples import sample_commitment
from tests.assessment.samples import all_ratings, sample_round
from tests.factories import MembershipFactory, UserFactory
from tests.payments.helpers import facilitator_of, line_of, rate_card

TODAY = date.today()
MEASURE_NAME = "Falls per 1,000 bed days"


def _month(months_ago: int) -> date:
    year, month = TODAY.year, TODAY.month - months_ago
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1)


def feedback_csv() -> bytes:
    rows = ["date,service,score,question,comment"]
    recent = [(TODAY - timedelta(days=d)).isoformat() for d in (5, 20, 40, 70)]
    rows += [
        f"{recent[0]},Ward 7,1,What was good?,The nurses were kind and explained everything.",
        f"{recent[1]},Ward 7,4,What could be better?,I waited five hours and nobody told me why.",
        f"{recent[2]},Maternity,2,What was good?,Clean ward and lovely midwives.",
        f"{recent[3]},Ward 7,2,What was good?,Staff were kind and the food was good.",
    ]
    return ("\n".join(rows) + "\n").encode()


def add_project(trio, title: str, *, with_partner_first: bool = True, measures: int = 0):
    """A project whose first activity has the trio's partner at it (or only staff), with `measures` measures."""
    project = project_services.create_project(
        actor=trio.member,
        organisation=trio.organisation,
        title=title,
        description="For the board report",
        creator_role=TeamRole.STAFF_PARTNER,
        creator_role_description="Ward nurse",
    )
    team_services.add_team_member(
        actor=trio.member,
        project=project,
        person=trio.partner,
        role=TeamRole.LIVED_EXPERIENCE_PARTNER,
        role_description="Brings experience of the ward",
        joined_on=TODAY - timedelta(days=60),
    )
    activity_services.record_activity(
        actor=trio.member,
        organisation=trio.organisation,
        project=project,
        kind=ActivityKind.MEETING,
        title=f"{title}: first meeting",
        held_on=TODAY - timedelta(days=30),
        hours="2",
        rung=Rung.CO_DESIGN,
        attendees=[trio.member, trio.partner] if with_partner_first else [trio.member],
    )
    for number in range(measures):
        measure = measure_services.create_measure(
            actor=trio.member,
            project=project,
            name=MEASURE_NAME if number == 0 else f"{title} measure {number}",
            kind=Measure.Kind.OUTCOME,
            definition="Falls recorded on the ward",
            unit="falls",
            improvement_direction=Measure.Direction.DECREASE,
            target=3.0,
        )
        for months_ago in range(15, 0, -1):
            value = 8 if months_ago > 4 else 2  # a clear drop at the end
            measure_services.record_data_point(
                actor=trio.member, measure=measure, period=_month(months_ago), value=value + (months_ago % 3) * 0.5
            )
    return project


def full_organisation(trio) -> dict:
    improving = add_project(trio, "Safer nights on Ward 7", measures=1)
    late = add_project(trio, "Clearer discharge letters", with_partner_first=False)
    finished = add_project(trio, "Kinder outpatients")
    project_services.change_stage(actor=trio.member, project=finished, version=finished.version, stage=Stage.CELEBRATE)
    finished.refresh_from_db()
    decision_services.record_what_changed(
        actor=trio.member,
        project=finished,
        version=finished.version,
        what_changed="Letters now arrive before the appointment.",
    )

    # A paid involvement payment for a forum the partner attended.
    rate_card(trio)
    facilitator = facilitator_of(trio.organisation)
    forum = activity_services.record_activity(
        actor=trio.member,
        organisation=trio.organisation,
        kind=ActivityKind.EVENT,
        title="Partners' forum",
        held_on=TODAY - timedelta(days=10),
        hours="3",
        rung=Rung.ENGAGEMENT,
        attendees=[trio.partner],
    )
    attendance = forum.attendances.get(person=trio.partner)
    line = line_of(attendance)  # made when the activity was recorded
    payment_services.approve_claim(actor=facilitator, claim=line)
    line.refresh_from_db()
    payment_services.mark_paid(actor=trio.owner, claim=line)

    experience_services.import_feedback(
        actor=trio.owner, organisation=trio.organisation, file_name="fft.csv", content=feedback_csv()
    )

    round_ = sample_round(trio, title="Spring self-assessment")
    lived, learnt = UserFactory(display_name="Lee Lived"), UserFactory(display_name="Les Learnt")
    MembershipFactory(organisation=trio.organisation, user=lived, role=Role.LIVED_EXPERIENCE_PARTNER)
    MembershipFactory(organisation=trio.organisation, user=learnt, role=Role.STAFF)
    for person, experience, value in [
        (trio.partner, Experience.LIVED, 2),
        (lived, Experience.LIVED, 2),
        (trio.member, Experience.LEARNT, 4),
        (learnt, Experience.LEARNT, 4),
    ]:
        assessment_services.save_response(
            actor=person, round=round_, experience=experience, ratings=all_ratings(value), submit=True
        )

    overdue = sample_commitment(trio, review_on=TODAY - timedelta(days=3), level=Level.LEADER)
    upcoming = sample_commitment(trio, review_on=TODAY + timedelta(days=30), level=Level.SYSTEM)
    return {
        "improving": improving,
        "late": late,
        "finished": finished,
        "round": round_,
        "overdue": overdue,
        "upcoming": upcoming,
        "line": line,
    }


def _inflate(stream: bytes) -> bytes:
    stream = stream.strip()
    if stream.endswith(b"~>"):  # reportlab wraps compressed streams in ASCII85
        stream = base64.a85decode(stream.removeprefix(b"<~").removesuffix(b"~>"))
    try:
        return zlib.decompress(stream)
    except zlib.error:
        return stream


def _pdf_string(raw: str) -> str:
    """A PDF literal string's text: backslash escapes, including octal codes such as \\351 (é), undone."""
    return re.sub(r"\\([0-7]{1,3}|.)", lambda m: chr(int(m.group(1), 8)) if m.group(1).isdigit() else m.group(1), raw)


def pdf_text(data: bytes) -> str:
    """Everything readable in a PDF: its plain parts (metadata, outline), every stream inflated, and then the
    drawn text itself — pieces of one line joined as they are drawn, lines joined by spaces, so a sentence
    wrapped over two lines still reads whole."""
    parts = [data.decode("latin-1")]
    lines = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        content = _inflate(match.group(1)).decode("latin-1")
        parts.append(content)
        for block in re.findall(r"\bBT\b(.*?)\bET\b", content, re.S):
            for line in re.split(r"\bT\*", block):
                pieces = re.findall(r"\(((?:[^()\\]|\\.)*)\)\s*Tj", line)
                if pieces:
                    lines.append("".join(_pdf_string(piece) for piece in pieces))
    return "\n".join(parts) + "\n" + " ".join(" ".join(lines).split())
