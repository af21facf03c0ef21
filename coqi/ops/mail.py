"""A message stored as the bytes that go on the wire, handed back to Django's own mail backends for delivery."""

from __future__ import annotations

from django.core.mail import EmailMessage


class _WireBytes:
    """What Django's SMTP, console and locmem backends ask of `EmailMessage.message()`: the bytes, and a charset."""

    def __init__(self, data: bytes):
        self._data = data

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self._data.replace(b"\r\n", b"\n").replace(b"\n", linesep.encode())

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8", "replace")

    def get_charset(self):
        return None


class StoredMessage(EmailMessage):
    """An `OutgoingEmail` as Django's backends expect a message: envelope sender and recipients, and the bytes."""

    def __init__(self, outgoing):
        super().__init__(subject=outgoing.subject, from_email=outgoing.sender, to=list(outgoing.recipients))
        self._wire = bytes(outgoing.message)

    def message(self, *args, **kwargs):
        return _WireBytes(self._wire)
