"""coqi.text: patient feedback text. Redact personal identifiers, find themes and sentiment.

A pure library: it imports nothing from Django, so anyone can `pip install coqi` and use it alone.

    from coqi.text import redact, classify
    redact("Dr Patel rang me on 07700 900123").text   # 'Dr [PERSON] rang me on [PHONE]'
    classify(["The nurses were kind but I waited 6 hours"])
"""

import importlib

# Loaded on first use (PEP 562): redaction needs only the standard library, the classifier needs scikit-learn, and
# `coqi --help` or a site service that only redacts should not pay seconds to import it.
_EXPORTS = {
    "Classifier": "coqi.text.classifier",
    "TrainingDataError": "coqi.text.classifier",
    "classify": "coqi.text.classifier",
    "train": "coqi.text.classifier",
    "Classification": "coqi.text.model",
    "TrainingOptions": "coqi.text.model",
    "SPAN_TYPES": "coqi.text.redaction",
    "Redaction": "coqi.text.redaction",
    "Span": "coqi.text.redaction",
    "nhs_number_is_valid": "coqi.text.redaction",
    "redact": "coqi.text.redaction",
    "redact_many": "coqi.text.redaction",
    "ShortAnswer": "coqi.text.short_answers",
    "read_short_answer": "coqi.text.short_answers",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted({*globals(), *_EXPORTS})
