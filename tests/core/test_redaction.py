"""The site's one redaction entry point (coqi.core.redaction)."""

from coqi.core.redaction import Redacted, redact


def test_identifiers_are_replaced_and_counted():
    result = redact("Dr Patel rang me on 07700 900123")
    assert result == Redacted("Dr [PERSON] rang me on [PHONE]", 2)
    assert result.text.startswith("Dr [PERSON]") and result.removed == 2


def test_empty_and_missing_text_are_empty():
    assert redact("") == Redacted("", 0)
    assert redact(None) == Redacted("", 0)


def test_text_without_identifiers_is_kept_as_typed():
    assert redact("The ward was calm at night.") == Redacted("The ward was calm at night.", 0)
