"""coqi.spc: statistical process control that agrees with qicharts2 and Making Data Count.

A pure library (numpy and pandas, no Django).
"""

from .anhoej import RunsAnalysis, crossings_min, longest_run_max, runs_analysis
from .errors import SpcInputError
from .mdc import ShortGroupWarning, XmrResult, xmr
from .qic import QicResult, qic

__all__ = ["SpcInputError"]
__all__ += ["QicResult", "qic", "RunsAnalysis", "crossings_min", "longest_run_max", "runs_analysis"]
__all__ += ["ShortGroupWarning", "XmrResult", "xmr", "plot", "to_svg"]


def __getattr__(name):
    # plotting imports matplotlib, so only load it when a chart is asked for
    if name in ("plot", "to_svg"):
        import importlib

        plot_module = importlib.import_module(f"{__name__}.plot")
        # importing the submodule bound the name "plot" to it; the package exports the function of that name
        globals().update(plot=plot_module.plot, to_svg=plot_module.to_svg)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
