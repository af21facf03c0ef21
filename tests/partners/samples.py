"""People's URLs take a member's user id (`person_id`); the payments samples provide it too. `consent_id` is one
of the partner's consent records."""

from datetime import date, timedelta

from coqi.partners import services


def sample_consent(trio, *, what="My story used in staff training"):
    return services.record_consent(
        actor=trio.owner,
        organisation=trio.organisation,
        person=trio.partner,
        what=what,
        agreed_on=date.today() - timedelta(days=30),
    )


def sample_ids(trio) -> dict:
    return {"person_id": trio.partner.pk, "consent_id": sample_consent(trio).pk}
