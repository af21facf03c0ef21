"""Board report in the JSON API. Mounted under /api/v1/organisations; foreign ids are 404, bad input 422."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reports"])
