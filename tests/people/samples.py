"""People's URLs take a member's user id (`person_id`); the payments samples provide it too."""


def sample_ids(trio) -> dict:
    return {"person_id": trio.partner.pk}
