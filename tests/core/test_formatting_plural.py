"""Counts read as English: "1 point", "2 points", never "1 points"."""

from coqi.core.formatting import plural


def test_plural_agrees_with_the_count():
    assert plural(1, "point") == "1 point"
    assert plural(0, "point") == "0 points"
    assert plural(2, "point") == "2 points"
    assert plural(2, "person", "people") == "2 people"
