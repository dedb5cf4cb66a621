"""Where a download is written: a temp file beside the destination, renamed over it only once the
bytes are complete, flushed to disk and verified, so a failed download never leaves a truncated
or corrupted file under the final name (and never touches an existing one).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from pathlib import Path
from typing import BinaryIO, Optional

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


#: Bytes written between two background fdatasyncs. Without them the whole file sits dirty in the
#: page cache and the final fsync writes all of it while nothing else happens; with them the disk
#: works while the body still arrives, and the final fsync has only the tail left.
SYNC_EVERY = 32 * 1024 * 1024
_datasync = getattr(os, "fdatasync", os.fsync)  # macOS has no fdatasync


class TempFile:
    """`.<name>.dilnaka-part-<random>` in the destination's directory (same file system: the
    rename is atomic), created exclusively so two downloads never share one."""

    _syncing: Optional[threading.Thread] = None
    _sync_error: Optional[OSError] = None
    _unsynced = 0

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
        self._unsynced += len(chunk)
        if self._unsynced >= SYNC_EVERY and not (self._syncing and self._syncing.is_alive()):
            self._file.flush()  # into the kernel, so the sync sees it
            self._unsynced = 0
            self._syncing = threading.Thread(target=self._sync_in_background, daemon=True)
            self._syncing.start()

    def _sync_in_background(self) -> None:
        try:
            _datasync(self._file.fileno())
        except OSError as exc:  # raised by flush_to_disk: the kernel reports a write error once
            self._sync_error = exc

    def _wait_for_sync(self) -> None:
        if self._syncing is not None:
            self._syncing.join()
            self._syncing = None

    def restart(self) -> None:
        """Storage sends the whole body again: drop what was written."""
        self._file.seek(0)
        self._file.truncate()

    def flush_to_disk(self) -> None:
        """Every byte on disk before the rename, so a crash after it cannot leave a short file."""
        self._file.flush()
        self._wait_for_sync()
        if self._sync_error is not None:
            raise self._sync_error
        os.fsync(self._file.fileno())
        self._file.close()

    def commit(self, overwrite: bool) -> None:
        if not overwrite and os.path.lexists(self.destination):  # appeared while we downloaded
            raise ValidationError(f"{os.fspath(self.destination)} appeared during the download and overwrite=False.")
        os.replace(self.path, self.destination)
        _sync_directory(self.destination.parent)

    def discard(self) -> None:
        self._wait_for_sync()
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
