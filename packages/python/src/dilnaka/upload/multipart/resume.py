"""The rules of spec/upload-state.md for a state file found when `upload(path, resume=True)` starts.

Pure decisions; the runners do the requests (abort, listUploadParts, getFile) they lead to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Optional

from ...types import MultipartUpload, UploadPartList
from ..source import UploadSource
from .parts import part_size_of
from .state import VERSION, SavedUpload, absolute, created_at, source_stamp, state_dir, state_file

#: What to do with the saved upload: start anew (not ours / none), abort it first (the file
#: changed), or continue it (ask storage which parts it holds).
NEW, CHANGED, CONTINUE = "new", "changed", "continue"


@dataclass(frozen=True)
class Identity:
    """The upload a state file belongs to, and the source's size and mtime right now."""

    base_url: str
    path: str
    folder: str
    filename: str
    content_type: str
    size: int
    mtime_ms: int


def identity_of(base_url: str, source: UploadSource, folder: str) -> Identity:
    assert source.path is not None
    size, mtime_ms = source_stamp(source.path)
    return Identity(
        base_url.rstrip("/"), absolute(source.path), folder, source.filename, source.content_type, size, mtime_ms
    )


def state_path(identity: Identity, directory: Optional[Any]) -> Path:
    return state_file(state_dir(directory), identity.base_url, identity.path, identity.folder, identity.filename)


def judge(saved: Optional[SavedUpload], identity: Identity) -> str:
    if saved is None:
        return NEW
    header = saved.header
    same_upload = (header["baseURL"].rstrip("/"), header["source"]["path"], header["folder"], header["filename"]) == (
        identity.base_url,
        identity.path,
        identity.folder,
        identity.filename,
    )
    if not same_upload:
        return NEW  # another upload's file (a hash collision or a hand edit): not ours to abort
    source = header["source"]
    if (
        source["size"] != identity.size
        or not _same_mtime(source["mtimeMs"], identity.mtime_ms)
        or header["size"] != identity.size
    ):
        return CHANGED
    return CONTINUE


def _same_mtime(stored: int, current: int) -> bool:
    """spec/upload-state.md: whole milliseconds, except that a stored multiple of 1000 (written by
    an SDK whose stat has whole seconds, PHP) matches any millisecond within that second."""
    return stored == current or (stored % 1000 == 0 and current // 1000 == stored // 1000)


def stored_parts(saved: SavedUpload, listing: UploadPartList) -> Dict[int, str]:
    """Part number → ETag of every part storage holds with the size the plan expects."""
    part_size, size = saved.header["partSize"], saved.header["size"]
    count = saved.header["partCount"] or -(-size // part_size)
    return {
        p.part_number: p.etag
        for p in listing.parts
        if 1 <= p.part_number <= count and p.size == part_size_of(p.part_number, part_size, size)
    }


def header_for(identity: Identity, upload: MultipartUpload) -> Dict[str, Any]:
    return {
        "version": VERSION,
        "baseURL": identity.base_url,
        "fileId": upload.file_id,
        "uploadId": upload.upload_id,
        "fileKey": upload.file_key,
        "partSize": upload.part_size,
        "partCount": upload.part_count,
        "size": identity.size,
        "filename": identity.filename,
        "contentType": identity.content_type,
        "folder": identity.folder,
        "source": {"path": identity.path, "size": identity.size, "mtimeMs": identity.mtime_ms},
        "createdAt": created_at(),
    }
