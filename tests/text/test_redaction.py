"""coqi.text.redact: each identifier type, offsets in the original text, and the words that must stay.

All sentences here are invented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coqi.text import SPAN_TYPES, nhs_number_is_valid, redact
from coqi.text.evaluation import parse_marked, read_cases, score

CASES = Path(__file__).with_name("redaction_cases.txt")


def found(text: str) -> list[tuple[str, str]]:
    return [(text[span.start : span.end], span.type) for span in redact(text).spans]


def test_span_types_are_exactly_the_eight_named():
    assert SPAN_TYPES == (
        "PERSON",
        "NHS_NUMBER",
        "PHONE",
        "EMAIL",
        "POSTCODE",
        "ADDRESS",
        "DATE_OF_BIRTH",
        "HOSPITAL_NUMBER",
    )


@pytest.mark.parametrize("number", ["9434765919", "7344178001", "5371409998", "4155720612"])
def test_modulus_11_accepts_valid_nhs_numbers(number):
    assert nhs_number_is_valid(number)


@pytest.mark.parametrize("number", ["9434765918", "7344178002", "1234567890", "123456789", "94347659190", "abcdefghij"])
def test_modulus_11_rejects_invalid_nhs_numbers(number):
    assert not nhs_number_is_valid(number)


@pytest.mark.parametrize("written", ["943 476 5919", "943-476-5919", "9434765919"])
def test_valid_nhs_number_in_any_grouping_is_redacted(written):
    text = f"My NHS number is {written}, please check."
    assert found(text) == [(written, "NHS_NUMBER")]
    assert redact(text).text == "My NHS number is [NHS_NUMBER], please check."


def test_nhs_number_with_wrong_check_digit_stays():
    text = "The number 943 476 5918 is on my old card."
    assert redact(text).text == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ring me on 07700 900123 please", [("07700 900123", "PHONE")]),
        ("Landline (0191) 498 0000 was never answered", [("(0191) 498 0000", "PHONE")]),
        ("My daughter is on +44 7700 900456.", [("+44 7700 900456", "PHONE")]),
        ("I rang 0800 123 4567 three times", [("0800 123 4567", "PHONE")]),
        ("Email jo.bloggs@example.com now", [("jo.bloggs@example.com", "EMAIL")]),
        ("We live in NE1 4LP near the river", [("NE1 4LP", "POSTCODE")]),
        ("Collected from Flat 3, 45 Church Road today", [("Flat 3, 45 Church Road", "ADDRESS")]),
        ("My DOB is 12/03/1956 but the band said 1965", [("12/03/1956", "DATE_OF_BIRTH")]),
        ("I was born on 3rd March 1948.", [("3rd March 1948", "DATE_OF_BIRTH")]),
        ("Hospital number RX1234567 was on someone else's letter", [("RX1234567", "HOSPITAL_NUMBER")]),
        ("MRN: 1234567 was wrong", [("1234567", "HOSPITAL_NUMBER")]),
    ],
)
def test_structured_identifiers(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, names",
    [
        ("Dr Patel was very kind.", ["Patel"]),
        ("Nurse Sarah explained everything.", ["Sarah"]),
        ("Sarah on ward 5 was lovely.", ["Sarah"]),
        ("My consultant Mr. Jones listened.", ["Jones"]),
        ("Thanks to John and Mary for their help.", ["John", "Mary"]),
        ("Please thank Hope and Faith from the night team.", ["Hope", "Faith"]),
        ("I saw Dr Emily Walsh who was brilliant.", ["Emily Walsh"]),
        ("the driver steve was a true gentleman", ["steve"]),
        ("THANK YOU SARAH FOR EVERYTHING", ["SARAH"]),
    ],
)
def test_people_are_redacted_with_the_title_kept(text, names):
    assert found(text) == [(name, "PERSON") for name in names]


@pytest.mark.parametrize(
    "text",
    [
        "Ocean Ward was clean and Ward 5 needs more staff.",
        "Royal Derby Hospital and St Thomas' Hospital were both busy.",
        "I was moved from Rose Ward to Ward 12 overnight.",
        "Grace period for cancelling was too short.",
        "Will there be more parking? May I say thanks. Mark my words.",
        "I was seen in May and again in June.",
        "They gave me paracetamol and sertraline for my asthma.",
        "I called 111, then 999, then went to A&E; the GP was closed.",
        "The ambulance came at 10:45pm and the taxi cost £25.",
        "Very good service, thank you. Excellent care from the whole team.",
    ],
)
def test_kept_words_stay(text):
    result = redact(text)
    assert result.text == text and result.spans == []


def test_offsets_point_into_the_original_text():
    text = "Dr Patel (tel 07700 900123, jo@example.com) saw me at 12 High Street, NE1 4LP. NHS 943 476 5919."
    result = redact(text)
    assert [text[s.start : s.end] for s in result.spans] == [
        "Patel",
        "07700 900123",
        "jo@example.com",
        "12 High Street",
        "NE1 4LP",
        "943 476 5919",
    ]
    assert result.text == "Dr [PERSON] (tel [PHONE], [EMAIL]) saw me at [ADDRESS], [POSTCODE]. NHS [NHS_NUMBER]."
    assert all(a.end <= b.start for a, b in zip(result.spans, result.spans[1:]))


@pytest.mark.parametrize(
    "text, address",
    [("Please write to 3 Mill Road.", "3 Mill Road"), ("I moved to 12 Mill Rd. last year", "12 Mill Rd.")],
)
def test_an_address_keeps_its_abbreviation_dot_but_not_the_sentence_full_stop(text, address):
    assert found(text) == [(address, "ADDRESS")]


def test_unseen_set_structured_recall_is_complete():
    table = score(read_cases(CASES.with_name("redaction_cases_unseen.txt")))
    for kind in ("NHS_NUMBER", "PHONE", "EMAIL", "POSTCODE"):
        assert table[kind]["recall"] == 1.0, kind


def test_email_with_a_name_in_it_is_one_email():
    assert found("write to sarah.jones@example.com") == [("sarah.jones@example.com", "EMAIL")]


def test_empty_missing_and_huge_text_do_not_crash():
    assert redact("").text == ""
    assert redact(None).spans == []  # type: ignore[arg-type]
    huge = ("The staff on Ocean Ward were kind. Call 07700 900123. " * 2000)[:100_000]
    result = redact(huge)
    assert len(result.spans) >= 1500 and all(s.type == "PHONE" for s in result.spans)


def test_other_languages_pass_through():
    for text in ["El personal fue muy amable.", "Personel był bardzo miły.", "الموظفون كانوا لطفاء", "工作人员很好"]:
        assert redact(text).text == text


def test_parse_marked_gives_plain_text_and_offsets():
    case = parse_marked("Dr [[PERSON:Patel]] rang [[PHONE:07700 900123]].")
    assert case.text == "Dr Patel rang 07700 900123."
    assert [case.text[s.start : s.end] for s in case.spans] == ["Patel", "07700 900123"]


def test_hand_made_set_structured_recall_is_complete_and_precision_high():
    table = score(read_cases(CASES))
    for kind in ("NHS_NUMBER", "PHONE", "EMAIL", "POSTCODE"):
        assert table[kind]["marked"] >= 8
        assert table[kind]["recall"] == 1.0, kind
    for kind in SPAN_TYPES:
        assert table[kind]["marked"] >= 8, kind
        assert table[kind]["recall"] >= 0.9, kind
        assert table[kind]["precision"] >= 0.9, kind
    assert table["_negatives"]["sentences"] >= 50
    assert table["_negatives"]["touched"] <= 2


def test_set_has_at_least_150_sentences():
    assert len(read_cases(CASES)) >= 150


def test_library_imports_no_django():
    code = "import sys, coqi.text, coqi.text.cli; sys.exit(any(m.startswith('django') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
