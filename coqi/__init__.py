"""Co-QI: open-source software for co-produced quality improvement in health and care."""

__version__ = "0.1.0"
