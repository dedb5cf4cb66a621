"""The options of `upload()`, checked together before any request."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping, Optional, Tuple, Union

import httpx

from ..config import PathLike
from ..errors import ValidationError
from .checksum import ChecksumOption
from .checksum import check_option as check_checksum
from .multipart.plan import UploadPlan, plan_upload
from .source import StreamSource, UploadSource, resolve_source


@dataclass(frozen=True)
class UploadOptions:
    folder: str = "uploads"
    metadata: Optional[Mapping[str, str]] = None
    multipart_threshold: Optional[int] = None
    part_size: Optional[int] = None
    concurrency: Optional[int] = None
    resume: bool = False
    state_dir: Optional[PathLike] = None
    #: None (what costs no extra read), "sha256" (a single PUT from disk too) or False.
    checksum: ChecksumOption = None

    def plan(
        self, source: Union[UploadSource, StreamSource], http: Union[httpx.Client, httpx.AsyncClient]
    ) -> UploadPlan:
        """The upload's plan; a ValidationError naming the option and the fix for any bad one."""
        size = source.size if isinstance(source, UploadSource) else None
        plan = plan_upload(
            size,
            multipart_threshold=self.multipart_threshold,
            part_size=self.part_size,
            concurrency=self.concurrency,
        )
        check_checksum(self.checksum)
        if not isinstance(self.resume, bool):
            raise ValidationError(f"resume must be True or False, got {self.resume!r}.")
        if self.resume and (not isinstance(source, UploadSource) or source.path is None):
            raise ValidationError(
                "resume=True needs a file path: streams, bytes and file objects cannot be read again after a "
                "crash. Pass the file's path, or drop resume."
            )
        if self.state_dir is not None and not isinstance(self.state_dir, (str, os.PathLike)):
            raise ValidationError(f"state_dir must be a path, got {type(self.state_dir).__name__}.")
        if plan.multipart:
            check_pool(http, plan.concurrency)
        return plan


def check_pool(http: Union[httpx.Client, httpx.AsyncClient], concurrency: int) -> None:
    """Parts beyond the pool's connections would queue for one and could time out waiting."""
    pool = getattr(getattr(http, "_transport", None), "_pool", None)
    limit = getattr(pool, "_max_connections", None)  # httpx's own transports; others: not ours to judge
    if isinstance(limit, int) and limit < concurrency:
        raise ValidationError(
            f"concurrency={concurrency} needs {concurrency} connections but the http_client allows {limit}: "
            f"create it with limits=httpx.Limits(max_connections={concurrency}) or lower concurrency."
        )


def resume_source(
    source: object,
    filename: Optional[str],
    concurrency: Optional[int],
    http: Union[httpx.Client, httpx.AsyncClient],
) -> Tuple[UploadSource, UploadPlan]:
    """The checked source and plan of `resume_upload`: bytes of known size, read again by range."""
    resolved = resolve_source(source, filename, None)
    if not isinstance(resolved, UploadSource):
        raise ValidationError(
            "resume_upload needs a path, bytes or a seekable file object: a stream cannot be rewound."
        )
    plan = plan_upload(None, concurrency=concurrency)
    check_pool(http, plan.concurrency)
    return resolved, plan
