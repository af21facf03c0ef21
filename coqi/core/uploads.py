"""Where uploaded files are stored: a fresh, unguessable name for every upload (ADR 0039).

A name made from the uploaded file's own name or from a counter can come round again: after a database is restored
without its media, the next upload takes the name of a file the restored rows still point at, and one claim is
served another claim's receipt. A random UUID never names a file that any row has pointed at before."""

from __future__ import annotations

import re
import uuid
from pathlib import PurePosixPath

from django.utils import timezone
from django.utils.deconstruct import deconstructible

_EXTENSION = re.compile(r"\.[a-z0-9]{1,8}")


@deconstructible
class UniqueUploadPath:
    """`upload_to` for every FileField: FOLDER/YYYY/MM/<uuid>.<extension of the uploaded name>."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        extension = PurePosixPath(filename or "").suffix.lower()
        if not _EXTENSION.fullmatch(extension):
            extension = ""
        return f"{self.folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UniqueUploadPath) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)
