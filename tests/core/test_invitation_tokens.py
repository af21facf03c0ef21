from hypothesis import given, settings
from hypothesis import strategies as st

from coqi.core import invitations


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_link_text_is_either_read_or_refused_cleanly(token):
    try:
        invitations.read_token(token)
    except invitations.InvitationLinkError:
        pass


def test_a_link_cannot_be_edited_to_point_at_another_invitation():
    class Fake:
        pk = 7

    token = invitations.make_token(Fake())
    assert invitations.read_token(token) == 7
    payload, rest = token.split(":", 1)
    import base64

    forged = base64.urlsafe_b64encode(b'{"i":8}').decode().rstrip("=") + ":" + rest
    try:
        invitations.read_token(forged)
    except invitations.InvitationLinkTampered:
        pass
    else:
        raise AssertionError("a forged link was accepted")
