"""Receipt uploads: checked by their first bytes (not their name) and size before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass

MAX_RECEIPT_BYTES = 5 * 1024 * 1024

_SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]


@dataclass(frozen=True)
class ReceiptType:
    content_type: str
    extension: str


class ReceiptError(ValueError):
    pass


def check_receipt(upload) -> ReceiptType:
    """The receipt's real type, or ReceiptError naming the problem. `upload`: a Django UploadedFile or File."""
    size = getattr(upload, "size", None)
    if size is None:
        raise ReceiptError("The receipt could not be read. Try uploading it again.")
    if size == 0:
        raise ReceiptError("The receipt file is empty")
    if size > MAX_RECEIPT_BYTES:
        raise ReceiptError("The receipt must be smaller than 5 MB")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return ReceiptType(content_type, extension)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ReceiptType("image/webp", "webp")
    raise ReceiptError("The receipt must be a photo (JPG, PNG or WebP) or a PDF")
