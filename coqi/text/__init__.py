"""coqi.text: patient feedback text. Redact personal identifiers, find themes and sentiment.

A pure library: it imports nothing from Django, so anyone can `pip install coqi` and use it alone.

    from coqi.text import redact, classify
    redact("Dr Patel rang me on 07700 900123").text   # 'Dr [PERSON] rang me on [PHONE]'
    classify(["The nurses were kind but I waited 6 hours"])
"""

from coqi.text.classifier import Classifier, TrainingDataError, classify, train
from coqi.text.model import Classification, TrainingOptions
from coqi.text.redaction import SPAN_TYPES, Redaction, Span, nhs_number_is_valid, redact, redact_many

__all__ = [
    "SPAN_TYPES",
    "Classification",
    "Classifier",
    "Redaction",
    "Span",
    "TrainingDataError",
    "TrainingOptions",
    "classify",
    "nhs_number_is_valid",
    "redact",
    "redact_many",
    "train",
]
