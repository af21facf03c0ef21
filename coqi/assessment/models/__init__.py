"""The assessment area's models: self-assessment rounds and their responses, and the commitments (as an individual,
a leader, a system) that follow them up. Django finds an app's models in this module, so each is named here."""

from coqi.assessment.models.commitments import CheckIn, Commitment
from coqi.assessment.models.rounds import EXPERIENCE_DESCRIPTIONS, Experience, Response, Round

__all__ = ["CheckIn", "Commitment", "EXPERIENCE_DESCRIPTIONS", "Experience", "Response", "Round"]
