"""The report's sentences, shared by the HTML page and the PDF so both say exactly the same thing."""

from __future__ import annotations

from decimal import Decimal

from coqi.core.formatting import percent, pounds

SECTION_TITLES = {
    "portfolio": "Project portfolio by stage",
    "measures": "Key measures",
    "coproduction": "Co-production",
    "experience": "Experience of care",
    "assessment": "Self-assessment",
    "commitments": "Commitments",
    "successes": "Successes to celebrate",
}

INTRODUCTION = (
    "How we are improving care together with patients, carers and communities: the projects, what the measures "
    "show, how much partners are involved and how, what people tell us about their care, where we see ourselves "
    "on the journey to co-produced quality improvement, and what we have committed to. No individual partner is "
    "named in this report."
)

EMPTY = {
    "portfolio": "There are no improvement projects yet.",
    "measures": "No project has measures yet.",
    "activities": "No involvement activities were recorded in this period.",
    "experience": "No feedback from people about their care was imported for this period.",
    "assessment": (
        "There are no self-assessment results to show yet. Results appear once at least two people with lived "
        "experience and two with learnt experience have submitted their answers in a round."
    ),
    "successes": "No project has reached the celebrate stage yet.",
}

ASSESSMENT_WITHHELD = (
    "This organisation chose to stay anonymous in its system's view, so its self-assessment is shown only to its "
    "own members."
)

MEASURES_INTRO = (
    "Every measure of every project, with its Making Data Count summary: variation (is something changing?) and "
    "assurance (will we reliably meet the target?). Each icon's meaning is written beside it."
)

SUCCESSES_INTRO = (
    "Projects that have finished, in the teams' own words. "
    "Each has a page celebrating what changed and who made it happen."
)


def hours(value) -> str:
    value = Decimal(value or 0)
    text = f"{value:,.1f}".removesuffix(".0")
    return f"{text} hour{'' if value == 1 else 's'}"


def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def gap(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}" if value else "0.0"


def number(value: float | None) -> str:
    if value is None:
        return "–"
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def latest(row) -> str:
    if row.latest_period is None:
        return "No data yet"
    return f"{number(row.latest_value)} {row.unit} ({row.latest_period:%b %Y})"


def portfolio_sentence(portfolio) -> str:
    active = portfolio.total - next((r.count for r in portfolio.stages if r.value == "celebrate"), 0)
    return f"{plural(portfolio.total, 'project')}: {active} in progress, {portfolio.total - active} finished."


def early_involvement_sentence(involvement) -> str:
    if not involvement.projects_started:
        return "No project has recorded an activity yet, so there is nothing to show about early involvement."
    return (
        f"{involvement.partners_from_first} of {plural(involvement.projects_started, 'project')} with activities "
        f"({percent(involvement.share)}) had a partner with lived experience at the very first conversation."
    )


def activity_sentence(mix) -> str:
    return (
        f"{plural(mix.activity_count, 'activity', 'activities')} in the period; "
        f"{percent(mix.share_with_partners)} had partners with lived experience there, and "
        f"{percent(mix.highest_rung_share)} were at co-design or co-production, the top rungs of the ladder."
    )


def hours_sentence(mix) -> str:
    if not mix.activity_count:
        return "No partner hours were recorded in this period."
    total = Decimal(mix.partner_hours) + Decimal(mix.staff_hours)
    share = float(Decimal(mix.partner_hours) / total) if total else None
    return (
        f"{plural(mix.partner_people, 'partner')} with lived experience gave {hours(mix.partner_hours)}, "
        f"{percent(share)} of all the time people spent in involvement activities ({hours(total)})."
    )


def payments_sentence(payments) -> str:
    if not payments.items:
        return "No involvement payments or expenses were approved or paid for this period."
    if payments.withheld:
        return (
            f"Involvement payments or expenses were approved for {plural(payments.people, 'person', 'people')} in "
            "the period. With so few people the amounts are shown only to facilitators and admins, so that nobody's "
            "pay can be worked out."
        )
    return (
        f"{pounds(payments.total_pence)} approved for {plural(payments.people, 'person', 'people')}'s involvement "
        f"and expenses in the period: {pounds(payments.paid_pence)} paid, {pounds(payments.approved_pence)} "
        "waiting to be paid."
    )


def concentration_sentence(concentration) -> str:
    if not concentration.available:
        return "Concentration risk cannot be shown yet: the partnership figures are not available."
    if not concentration.partner_count:
        return "No partner hours were recorded in this period, so there is no concentration risk to show."
    since = f" since {concentration.since:%-d %B %Y}" if concentration.since else ""
    text = f"{plural(concentration.partner_count, 'partner')} gave {hours(concentration.partner_hours)}{since}."

    if concentration.top_three_share is not None and concentration.partner_count > 3:
        text += f" The three busiest partners gave {percent(concentration.top_three_share)} of those hours."
    if concentration.effective_partners is not None and concentration.partner_count > 1:
        effective = round(concentration.effective_partners, 1)
        text += (
            f" That is as spread as if {number(effective)} partner{'' if effective == 1 else 's'} had "
            "shared the work equally."
        )
    return text


def concentration_rows(concentration) -> list[list[str]]:
    rows = [
        ["Partners involved", str(concentration.partner_count)],
        ["Partner hours", hours(concentration.partner_hours)],
        ["Share of hours from the three busiest partners", percent(concentration.top_three_share)],
        [
            "Effective number of partners",
            "–" if concentration.effective_partners is None else number(round(concentration.effective_partners, 1)),
        ],
        ["Projects relying on a single partner", ", ".join(concentration.single_partner_projects) or "None"],
        ["Partners who may be over-relied on", str(concentration.busy_partners)],
    ]
    if concentration.index is not None:
        rows.append(["Concentration index (0 spread evenly, 1 one person)", f"{float(concentration.index):.2f}"])
    return rows


def experience_sentence(experience) -> str:
    text = f"{plural(experience.responses, 'comment')} from people about their care in the period."
    if experience.percent_positive is not None:
        text += (
            f" {round(experience.percent_positive)}% of the {experience.scored} who answered the Friends and "
            "Family Test question rated their experience good or very good."
        )
    if experience.top_themes:
        text += " The most common themes are below."
    return text


def assessment_sentence(results) -> str:
    text = (
        f"Latest round with results: {results.round.title} ({results.lived_count} people with lived experience, "
        f"{results.learnt_count} with learnt experience)."
    )
    placement = results.placement
    if placement is not None and placement.continuum:
        text += f" On the continuum we are at: {placement.continuum}."
    if placement is not None and placement.weakest_curve:
        text += f" The curve to grow most: {placement.weakest_curve.lower()}."
    gaps = results.largest_gaps
    if gaps:
        text += f" The largest perception gap between lived and learnt experience is in {gaps[0].title.lower()}."
    return text


def commitments_sentence(commitments) -> str:
    if not commitments.open and not commitments.done and not commitments.stopped:
        return "No commitments have been made yet."
    overdue = len(commitments.overdue)
    return (
        f"{plural(len(commitments.open), 'open commitment')}, {overdue} overdue (past its review date); "
        f"{commitments.done} done and {commitments.stopped} stopped so far."
    )


def success_sentence(success) -> str:
    return (
        f"{plural(success.partner_count, 'partner')} with lived experience on the team; "
        f"{plural(success.activity_count, 'activity', 'activities')} together."
    )
