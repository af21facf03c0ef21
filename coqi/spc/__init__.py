"""coqi.spc: statistical process control that agrees with qicharts2 and Making Data Count.

A pure library (numpy and pandas, no Django).
"""

from .errors import SpcInputError

__all__ = ["SpcInputError"]
