"""What to upload: a path, `bytes`, a binary file-like object, or an iterator of bytes.

The first three become an `UploadSource` of known size whose bytes are never read here: `open()`
gives a fresh reader at the start for each single-PUT attempt (a path is reopened, a file object is
sought back), and `ranges()` reads a part's byte range for multipart (again on a retry). An
iterator (or async iterator) of unknown length becomes a `StreamSource`, read as it arrives.
"""

from __future__ import annotations

import io
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterable, BinaryIO, Callable, ContextManager, Iterable, Iterator, Optional, Union

from .._generated.content_types import CONTENT_TYPES
from ..errors import SourceNotFoundError, ValidationError

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO, Iterable[bytes]]
AsyncSource = Union[Source, AsyncIterable[bytes]]
#: `read(offset, length)`: that many bytes from `offset` of the source (fewer only at its end).
RangeReader = Callable[[int, int], bytes]


@dataclass(frozen=True)
class UploadSource:
    filename: str
    size: int
    content_type: str
    open: Callable[[], ContextManager[BinaryIO]]
    #: A reader of byte ranges, safe to use from several threads at once (one per part attempt).
    ranges: Callable[[], ContextManager[RangeReader]]
    #: The source's path when it is a file on disk (only those can be resumed).
    path: Optional[Path] = None
    #: Bytes held in memory: hashed without a read from disk (spec/scenarios/README.md).
    in_memory: bool = False


@dataclass(frozen=True)
class StreamSource:
    """Bytes of unknown length, read once as they arrive."""

    filename: str
    content_type: str
    chunks: Union[Iterable[bytes], AsyncIterable[bytes]]


def resolve_source(
    source: object, filename: Optional[str], content_type: Optional[str], *, streams_async: bool = False
) -> Union[UploadSource, StreamSource]:
    if isinstance(source, (str, os.PathLike)):
        return _path_source(source, filename, content_type)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes_source(bytes(source) if not isinstance(source, bytes) else source, filename, content_type)
    if callable(getattr(source, "read", None)):
        return _file_object_source(source, filename, content_type)  # type: ignore[arg-type]
    if hasattr(source, "__aiter__") and not streams_async:
        raise ValidationError("An async iterator needs AsyncDilnaka: use `await AsyncDilnaka().upload(...)`.")
    if hasattr(source, "__aiter__") or hasattr(source, "__iter__"):
        name = _require_name(filename, "an iterator of bytes")
        return StreamSource(name, _content_type(name, content_type), source)  # type: ignore[arg-type]
    raise ValidationError(
        f"Cannot upload a {type(source).__name__}: pass a path, bytes, a file opened in binary mode ('rb') "
        "or an iterator of bytes."
    )


def _path_source(
    source: Union[str, os.PathLike[str]], filename: Optional[str], content_type: Optional[str]
) -> UploadSource:
    path = Path(source)
    if not path.exists():
        raise SourceNotFoundError(f"File not found: {os.fspath(source)}. Check the path and the working directory.")
    if not path.is_file():
        raise ValidationError(f"Path is not a file: {os.fspath(source)}. Pass the path of a regular file.")
    name = filename or path.name

    @contextmanager
    def ranges() -> Iterator[RangeReader]:
        with path.open("rb") as reader:  # one handle per part attempt: no shared file position
            yield lambda offset, length: _read_at(reader, offset, length)

    return UploadSource(
        name, path.stat().st_size, _content_type(name, content_type), lambda: path.open("rb"), ranges, path
    )


def bytes_source(data: bytes, filename: Optional[str], content_type: Optional[str]) -> UploadSource:
    name = _require_name(filename, "bytes")

    @contextmanager
    def ranges() -> Iterator[RangeReader]:
        yield lambda offset, length: data[offset : offset + length]

    return UploadSource(
        name, len(data), _content_type(name, content_type), lambda: io.BytesIO(data), ranges, in_memory=True
    )


def _file_object_source(stream: BinaryIO, filename: Optional[str], content_type: Optional[str]) -> UploadSource:
    if isinstance(stream, io.TextIOBase) or isinstance(stream.read(0), str):
        raise ValidationError("The file object is open in text mode: open it with open(path, 'rb').")
    if not (getattr(stream, "seekable", lambda: False)()):
        raise ValidationError(
            "The file object is not seekable, so its size is unknown and a retry could not resend it: "
            "pass a regular file, a path, bytes, or an iterator of its chunks (read as they arrive)."
        )
    start = stream.tell()
    size = stream.seek(0, io.SEEK_END) - start
    stream.seek(start)
    raw_name = getattr(stream, "name", None)
    name = filename or (os.path.basename(raw_name) if isinstance(raw_name, str) else None)
    name = _require_name(name, "a file object without a name")
    position = threading.Lock()  # parts read the one object from several threads: seek+read as one step

    @contextmanager
    def rewound() -> Iterator[BinaryIO]:
        stream.seek(start)  # the caller owns the object: rewind it, never close it
        yield stream

    @contextmanager
    def ranges() -> Iterator[RangeReader]:
        def read(offset: int, length: int) -> bytes:
            with position:
                return _read_at(stream, start + offset, length)

        yield read

    return UploadSource(name, size, _content_type(name, content_type), rewound, ranges)


def _read_at(reader: BinaryIO, offset: int, length: int) -> bytes:
    reader.seek(offset)
    return reader.read(length)


def _require_name(filename: Optional[str], what: str) -> str:
    if not filename or not filename.strip():
        raise ValidationError(f"filename= is required when uploading {what}, e.g. filename='report.pdf'.")
    return filename


def _content_type(filename: str, explicit: Optional[str]) -> str:
    return explicit or guess_content_type(filename)


def guess_content_type(filename: str) -> str:
    """The table all three SDKs share (spec/content-types.json, generated into _generated), by the
    rules of spec/scenarios/content-type.json. Not `mimetypes`: its answers depend on the machine's
    /etc/mime.types, so the same file got different types on different machines."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    ext = base[dot + 1 :].lower() if dot > 0 else ""  # ".env" has no extension
    return CONTENT_TYPES.get(ext, "application/octet-stream")
