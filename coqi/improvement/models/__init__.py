"""The improvement area's models: the plan (aim, driver diagram, PDSA cycles) and the measures charting its effect.
Django finds an app's models in this module, so each is named here."""

from coqi.improvement.models.measures import DataPoint, Measure
from coqi.improvement.models.phases import ExcludedPeriod, MeasureNote, MeasurePhase
from coqi.improvement.models.plans import Aim, DriverNode, PdsaCycle

__all__ = ["Aim", "DataPoint", "DriverNode", "ExcludedPeriod", "Measure", "MeasureNote", "MeasurePhase", "PdsaCycle"]
