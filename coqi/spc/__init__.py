"""coqi.spc: statistical process control that agrees with qicharts2 and Making Data Count.

A pure library (numpy and pandas, no Django).
"""

from .errors import SpcInputError
from .mdc import ShortGroupWarning, XmrResult, xmr
from .plot import plot, to_svg

__all__ = ["SpcInputError"]
__all__ += ["ShortGroupWarning", "XmrResult", "xmr", "plot", "to_svg"]
