"""What to upload: a path, `bytes`, or a binary file-like object, turned into a replayable source.

The bytes are never read here: `open()` gives a fresh reader at the start for each PUT attempt
(a path is reopened, a file object is sought back), so a retry sends the same bytes again.
"""

from __future__ import annotations

import io
import mimetypes
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, ContextManager, Iterator, Optional, Union

from ..errors import SourceNotFoundError, ValidationError

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]


@dataclass(frozen=True)
class UploadSource:
    filename: str
    size: int
    content_type: str
    open: Callable[[], ContextManager[BinaryIO]]


def resolve_source(source: object, filename: Optional[str], content_type: Optional[str]) -> UploadSource:
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise SourceNotFoundError(f"File not found: {os.fspath(source)}. Check the path and the working directory.")
        if not path.is_file():
            raise ValidationError(f"Path is not a file: {os.fspath(source)}. Pass the path of a regular file.")
        name = filename or path.name
        return UploadSource(name, path.stat().st_size, _content_type(name, content_type), lambda: path.open("rb"))
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source) if not isinstance(source, bytes) else source
        name = _require_name(filename, "bytes")
        return UploadSource(name, len(data), _content_type(name, content_type), lambda: io.BytesIO(data))
    if callable(getattr(source, "read", None)):
        return _file_object_source(source, filename, content_type)  # type: ignore[arg-type]
    raise ValidationError(
        f"Cannot upload a {type(source).__name__}: pass a path, bytes, or a file opened in binary mode ('rb')."
    )


def _file_object_source(stream: BinaryIO, filename: Optional[str], content_type: Optional[str]) -> UploadSource:
    if isinstance(stream, io.TextIOBase) or isinstance(stream.read(0), str):
        raise ValidationError("The file object is open in text mode: open it with open(path, 'rb').")
    if not (getattr(stream, "seekable", lambda: False)()):
        raise ValidationError(
            "The file object is not seekable, so its size is unknown and a retry could not resend it: "
            "pass a regular file, a path, or bytes."
        )
    start = stream.tell()
    size = stream.seek(0, io.SEEK_END) - start
    stream.seek(start)
    raw_name = getattr(stream, "name", None)
    name = filename or (os.path.basename(raw_name) if isinstance(raw_name, str) else None)
    name = _require_name(name, "a file object without a name")

    @contextmanager
    def rewound() -> Iterator[BinaryIO]:
        stream.seek(start)  # the caller owns the object: rewind it, never close it
        yield stream

    return UploadSource(name, size, _content_type(name, content_type), rewound)


def _require_name(filename: Optional[str], what: str) -> str:
    if not filename or not filename.strip():
        raise ValidationError(f"filename= is required when uploading {what}, e.g. filename='report.pdf'.")
    return filename


def _content_type(filename: str, explicit: Optional[str]) -> str:
    return explicit or mimetypes.guess_type(filename)[0] or "application/octet-stream"
