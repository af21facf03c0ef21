"""The demo's improvement scenarios: for each kind of demo project (falls, discharge letters, waiting times, or a
general one), its aim, driver diagram, PDSA cycles and measures with the level before and after the first tested
change. Data only, read by coqi/improvement/demo.py. Invented: no real patients or services."""

from __future__ import annotations

from dataclasses import dataclass, field

MONTHS = 26
CHANGE_MONTH = 14  # the first PDSA cycle starts in this month; the data shift after it


@dataclass
class DemoMeasure:
    name: str
    kind: str
    definition: str
    unit: str
    direction: str
    chart_type: str
    before: float
    after: float
    spread: float
    target: float | None = None
    multiply: float = 1
    denominator: tuple[int, int] | None = None  # range of monthly denominators (P and U charts)
    groups: dict[str, tuple[float, float]] = field(default_factory=dict)  # group → (before, after)
    population_group: str = ""


@dataclass
class Scenario:
    keywords: tuple[str, ...]
    what: str
    for_whom: str
    how_much: str
    drivers: list[tuple[str, list[tuple[str, list[str]]]]]  # primary → [(secondary, [change ideas])]
    cycles: list[tuple[str, str, str, str, str]]  # title, plan, prediction, study, act
    measures: list[DemoMeasure]
    cycle_ideas: tuple[int, ...] = ()  # which change idea (in diagram order) each PDSA cycle tests


SCENARIOS = [
    Scenario(
        keywords=("fall",),
        cycle_ideas=(0, 0),
        what="Fewer falls",
        for_whom="older people on the ward",
        how_much="from 10 to 6 a month",
        drivers=[
            (
                "People can get help when they need it",
                [
                    (
                        "Call bells are always in reach",
                        ["Call bell check at every bed round", "Bell on the person, not the wall"],
                    ),
                ],
            ),
            (
                "Nights feel safe and familiar",
                [
                    ("Lighting and noise at night", ["Low night lights to the toilet"]),
                ],
            ),
        ],
        cycles=[
            (
                "Call bell check on one bay",
                "Night staff check the bell is in reach at each round in bay 2 for two weeks.",
                "Fewer unwitnessed falls in bay 2.",
                "Two falls in bay 2, down from five; patients said they felt listened to.",
                "adapt",
            ),
            (
                "Call bell check on every bay",
                "Every round, every bay, for a month, with a partner observing twice.",
                "The fall in falls holds across the ward.",
                "",
                "",
            ),
        ],
        measures=[
            DemoMeasure(
                "Inpatient falls",
                "outcome",
                "Falls on the ward each month, from incident reports.",
                "falls",
                "decrease",
                "xmr",
                10,
                6,
                1.5,
                target=6,
            ),
            DemoMeasure(
                "Bed rounds with the call bell in reach",
                "process",
                "Share of audited bed rounds where the bell was within reach.",
                "%",
                "increase",
                "p",
                0.55,
                0.9,
                0.05,
                target=95,
                multiply=100,
                denominator=(40, 60),
            ),
            DemoMeasure(
                "Patients who felt safe at night",
                "experience",
                "Share answering 'yes, always' to 'Did you feel safe at night?'.",
                "%",
                "increase",
                "p",
                0.6,
                0.8,
                0.05,
                multiply=100,
                denominator=(25, 40),
            ),
            DemoMeasure(
                "Staff time on rounds",
                "balancing",
                "Median minutes per night round.",
                "minutes",
                "neutral",
                "xmr",
                22,
                23,
                1.5,
            ),
        ],
    ),
    Scenario(
        keywords=("discharge", "letter"),
        cycle_ideas=(0, 0),
        what="Discharge letters that carers understand",
        for_whom="carers of people leaving hospital",
        how_much="from half to 8 in 10 carers",
        drivers=[
            (
                "Letters written for people, not only for GPs",
                [
                    ("Plain English", ["Letter template co-written with carers", "What to do if… box"]),
                ],
            ),
            (
                "Carers are part of the conversation",
                [
                    ("Carers present when the letter is explained", ["Ask for the carer's number at admission"]),
                ],
            ),
        ],
        cycles=[
            (
                "New template on one ward",
                "Use the co-written template for every discharge on ward 4 for two weeks.",
                "Carers will rate the letter easier to understand.",
                "Ratings went up; carers asked for the ward's phone number on the first page.",
                "adopt",
            ),
            (
                "Template across the medical wards",
                "Spread the adopted template to three wards.",
                "The improvement holds on other wards.",
                "",
                "",
            ),
        ],
        measures=[
            DemoMeasure(
                "Carers who understood the discharge letter",
                "experience",
                "Share of surveyed carers answering 'yes, completely'.",
                "%",
                "increase",
                "p",
                0.5,
                0.8,
                0.05,
                target=80,
                multiply=100,
                denominator=(30, 50),
            ),
            DemoMeasure(
                "Letters using the new template",
                "process",
                "Share of audited letters on the template.",
                "%",
                "increase",
                "p",
                0.05,
                0.85,
                0.05,
                multiply=100,
                denominator=(40, 70),
            ),
            DemoMeasure(
                "Calls to the ward after discharge",
                "balancing",
                "Phone calls from carers in the week after.",
                "calls",
                "decrease",
                "xmr",
                30,
                20,
                3,
            ),
            DemoMeasure(
                "Carers who understood the letter, by ethnicity",
                "experience",
                "As above, split by the carer's ethnic group (self-described, grouped).",
                "%",
                "increase",
                "xmr",
                0,
                0,
                4,
                population_group="Ethnic group",
                groups={
                    "White British": (55, 82),
                    "Asian or Asian British": (42, 75),
                    "Black or Black British": (45, 70),
                },
            ),
        ],
    ),
    Scenario(
        keywords=("wait", "mental health", "community"),
        cycle_ideas=(0, 1),
        what="Shorter waits for a first appointment",
        for_whom="adults referred to the community mental health team",
        how_much="from 9 weeks to 4",
        drivers=[
            (
                "People hear from us while they wait",
                [
                    ("Contact in the first week", ["Welcome call from a peer support worker"]),
                ],
            ),
            (
                "Referrals reach the right person first time",
                [
                    ("Shared triage", ["Weekly triage with partners and GPs"]),
                ],
            ),
        ],
        cycles=[
            (
                "Welcome calls for one GP practice",
                "A peer support worker calls every new referral from one practice.",
                "Fewer people will drop out before their first appointment.",
                "Drop-outs fell; people valued hearing from someone with lived experience.",
                "adopt",
            ),
            (
                "Shared triage pilot",
                "Partners and GPs join the weekly triage for six weeks.",
                "Fewer referrals will be passed between teams.",
                "",
                "",
            ),
        ],
        measures=[
            DemoMeasure(
                "Weeks from referral to first appointment",
                "outcome",
                "Median weeks, referrals that month.",
                "weeks",
                "decrease",
                "xmr",
                9,
                5,
                0.8,
                target=4,
            ),
            DemoMeasure(
                "People contacted within a week of referral",
                "process",
                "Share of new referrals with a call within 7 days.",
                "%",
                "increase",
                "p",
                0.2,
                0.8,
                0.05,
                multiply=100,
                denominator=(60, 90),
            ),
            DemoMeasure(
                "Waiting time by deprivation quintile",
                "outcome",
                "Median weeks to first appointment by deprivation quintile of home postcode.",
                "weeks",
                "decrease",
                "xmr",
                0,
                0,
                0.8,
                population_group="Deprivation quintile",
                groups={"Quintile 1 (most deprived)": (11, 6), "Quintile 5 (least deprived)": (7, 4)},
            ),
        ],
    ),
]

SCENARIOS.append(
    Scenario(
        keywords=("appointment", "learning disabilit"),
        cycle_ideas=(1, 2),
        what="GP appointments that work for people with a learning disability",
        for_whom="adults with a learning disability registered with the network's practices",
        how_much="from 6 in 10 to 9 in 10 annual health checks done",
        drivers=[
            (
                "Booking is easy",
                [
                    (
                        "Reasonable adjustments known before the day",
                        ["Flag on the record, agreed with the person", "Easy read invitation letter"],
                    ),
                ],
            ),
            (
                "The appointment itself feels safe",
                [
                    ("Time and a quiet place", ["Double appointment at a quiet time of day"]),
                ],
            ),
        ],
        cycles=[
            (
                "Easy read invitations at one practice",
                "Send the easy read letter co-written with self-advocates.",
                "More people will book their health check.",
                "Bookings rose; people asked for a photo of the nurse.",
                "adopt",
            ),
            (
                "Quiet-time double appointments",
                "Offer the first and last slots of the day, 30 minutes long.",
                "Fewer missed appointments.",
                "",
                "",
            ),
        ],
        measures=[
            DemoMeasure(
                "Annual health checks done",
                "outcome",
                "Share of eligible people with a check this year.",
                "%",
                "increase",
                "p",
                0.6,
                0.85,
                0.04,
                target=90,
                multiply=100,
                denominator=(80, 110),
            ),
            DemoMeasure(
                "Records with reasonable adjustments flagged",
                "process",
                "Share of people on the register with adjustments recorded.",
                "%",
                "increase",
                "p",
                0.3,
                0.7,
                0.04,
                multiply=100,
                denominator=(300, 330),
            ),
            DemoMeasure(
                "People who felt listened to",
                "experience",
                "Share answering 'yes' on the easy read survey after an appointment.",
                "%",
                "increase",
                "xmr",
                62,
                84,
                5,
            ),
            DemoMeasure(
                "Missed appointments",
                "balancing",
                "Appointments not attended each month.",
                "appointments",
                "decrease",
                "c",
                14,
                9,
                2,
            ),
        ],
    )
)

GENERAL = Scenario(
    keywords=(),
    what="Care that people say works for them",
    for_whom="the people this service is for",
    how_much="by a third",
    drivers=[
        ("People know what will happen and when", [("Clear, shared information", ["Co-written information sheet"])])
    ],
    cycles=[
        (
            "Information sheet with two partners",
            "Write and try the sheet together for two weeks.",
            "People will ask fewer repeat questions.",
            "Fewer repeat questions, as predicted.",
            "adopt",
        )
    ],
    measures=[
        DemoMeasure(
            "Repeat questions to staff",
            "process",
            "Repeat questions logged at the desk each month.",
            "questions",
            "decrease",
            "xmr",
            34,
            22,
            3,
            target=20,
        )
    ],
)
