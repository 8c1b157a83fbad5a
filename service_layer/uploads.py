"""Report documents agencies upload: recognised by their content, kept under DONDOC_HOME with their SHA-256."""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tracking.errors import TrackingError

OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
KINDS = {"pdf": "PDF", "doc": "DOC", "docx": "DOCX", "odt": "ODT"}


class UploadRefused(TrackingError):
    """A file that is not a PDF, DOC, DOCX or ODT document, or too large."""


@dataclass(frozen=True)
class StoredFile:
    path: str  # relative to DONDOC_HOME
    name: str  # the name the agency gave it, tidied
    sha256: str
    kind: str
    created: bool  # False when the same content was already kept

    def discard(self, home: Path) -> None:
        """Remove a file this upload created (its report was refused)."""
        if self.created:
            (home / self.path).unlink(missing_ok=True)


def document_kind(content: bytes) -> str | None:
    """'pdf', 'doc', 'docx' or 'odt' from the bytes themselves, or None (the file's name is never trusted)."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(OLE2):
        return "doc"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
                if "word/document.xml" in names and "[Content_Types].xml" in names:
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def safe_name(name: str, kind: str) -> str:
    stem = re.sub(r"[^\w.-]+", "-", Path(name or "").stem, flags=re.UNICODE).strip("-.")[:80] or "van-ban"
    return f"{stem}.{kind}"


def store_upload(home: Path, agency: str, name: str, content: bytes, max_bytes: int) -> StoredFile:
    """Check and keep one uploaded document, owner-only; raises UploadRefused and keeps nothing when wrong."""
    if len(content) > max_bytes:
        raise UploadRefused(
            f"tệp '{name}' có dung lượng {len(content) / 1_048_576:.1f} MB, vượt giới hạn {max_bytes / 1_048_576:.1f} MB"
        )
    kind = document_kind(content)
    if kind is None:
        raise UploadRefused(f"tệp '{name}' không phải văn bản PDF, DOC, DOCX hoặc ODT (kiểm tra theo nội dung tệp)")
    digest = hashlib.sha256(content).hexdigest()
    folder = home / "uploads" / agency
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(home / "uploads", 0o700)
    os.chmod(folder, 0o700)
    target = folder / f"{digest[:16]}-{safe_name(name, kind)}"
    created = not target.exists()
    if created:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
    return StoredFile(str(target.relative_to(home)), safe_name(name, kind), digest, kind, created)
