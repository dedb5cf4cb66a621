"""Where a download is written: a temp file beside the destination, renamed over it only once the
bytes are complete, flushed to disk and verified, so a failed download never leaves a truncated
or corrupted file under the final name (and never touches an existing one).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import BinaryIO

from ..errors import ValidationError


def check_destination(destination: object, overwrite: bool) -> Path:
    """The destination path, checked before any request."""
    if not isinstance(destination, (str, os.PathLike)):
        raise ValidationError(f"destination must be a file path, got {type(destination).__name__}.")
    if not isinstance(overwrite, bool):
        raise ValidationError(f"overwrite must be True or False, got {overwrite!r}.")
    path = Path(destination)
    if path.is_dir():
        raise ValidationError(f"destination {os.fspath(path)} is a directory: pass the path of the file to write.")
    if not path.parent.is_dir():
        raise ValidationError(f"The directory of {os.fspath(path)} does not exist: create it first.")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise ValidationError(
            f"Cannot write into {os.fspath(path.parent)}: the download needs a temp file beside {path.name}.",
            hint="Pick a destination in a directory you can write to.",
        )
    if not overwrite and os.path.lexists(path):
        raise ValidationError(f"{os.fspath(path)} exists and overwrite=False: remove it or pass overwrite=True.")
    return path


class TempFile:
    """`.<name>.dilnaka-part-<random>` in the destination's directory (same file system: the
    rename is atomic), created exclusively so two downloads never share one."""

    def __init__(self, destination: Path) -> None:
        self.destination = destination
        self.path = destination.with_name(f".{destination.name}.dilnaka-part-{secrets.token_hex(6)}")
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        except OSError as exc:
            raise ValidationError(
                f"Cannot create {os.fspath(self.path)}: {exc.strerror or exc}.",
                hint="Pick a destination in a directory you can write to.",
            ) from exc
        self._file: BinaryIO = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        self._file.write(chunk)

    def restart(self) -> None:
        """Storage sends the whole body again: drop what was written."""
        self._file.seek(0)
        self._file.truncate()

    def flush_to_disk(self) -> None:
        """Every byte on disk before the rename, so a crash after it cannot leave a short file."""
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def commit(self, overwrite: bool) -> None:
        if not overwrite and os.path.lexists(self.destination):  # appeared while we downloaded
            raise ValidationError(f"{os.fspath(self.destination)} appeared during the download and overwrite=False.")
        os.replace(self.path, self.destination)
        _sync_directory(self.destination.parent)

    def discard(self) -> None:
        self._file.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _sync_directory(directory: Path) -> None:
    """Makes the rename itself durable (POSIX); not possible on Windows, where it is skipped."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
