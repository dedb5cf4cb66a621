"""Dilnaka Storage for Python: upload files straight to S3-compatible storage.

Importing this package reads and writes nothing: configuration (environment, ``.env``) is read
when a client is created.
"""

from .async_client import AsyncDilnaka
from .client import Dilnaka
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigError,
    ConflictError,
    DilnakaAPIError,
    DilnakaConfigError,
    DilnakaError,
    IntegrityError,
    InternalServerError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    QuotaExceededError,
    RateLimitError,
    SourceNotFoundError,
    StorageError,
    UnprocessableEntityError,
    ValidationError,
)
from .types import (
    AbortedUpload,
    CompletedPart,
    DeletedFile,
    DownloadedFile,
    FileAccessUrl,
    MultipartUpload,
    PresignedPart,
    PresignedUpload,
    UploadedFile,
    UploadedPart,
    UploadPartList,
)
from .upload.directory.result import (
    DirectoryEntryFailed,
    DirectoryEntryUploaded,
    DirectoryProgress,
    DirectoryUploadResult,
)
from .upload.multipart.plan import UploadPlan, plan_upload
from .upload_route import (
    RouteResult,
    UploadCompletion,
    UploadIntent,
    UploadPolicy,
    UploadRefused,
    async_handle_upload,
    handle_upload,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AbortedUpload",
    "AsyncDilnaka",
    "AuthenticationError",
    "BadRequestError",
    "CompletedPart",
    "ConfigError",
    "ConflictError",
    "DeletedFile",
    "Dilnaka",
    "DilnakaAPIError",
    "DilnakaConfigError",
    "DilnakaError",
    "DirectoryEntryFailed",
    "DirectoryEntryUploaded",
    "DirectoryProgress",
    "DirectoryUploadResult",
    "DownloadedFile",
    "FileAccessUrl",
    "IntegrityError",
    "InternalServerError",
    "MultipartUpload",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "PresignedPart",
    "PresignedUpload",
    "QuotaExceededError",
    "RateLimitError",
    "RouteResult",
    "SourceNotFoundError",
    "StorageError",
    "UnprocessableEntityError",
    "UploadCompletion",
    "UploadIntent",
    "UploadPartList",
    "UploadPlan",
    "UploadPolicy",
    "UploadRefused",
    "UploadedFile",
    "UploadedPart",
    "ValidationError",
    "async_handle_upload",
    "handle_upload",
    "plan_upload",
]


def __getattr__(name: str) -> str:
    # `__version__` comes from the installed metadata (pyproject reads package.json, the one
    # version source), looked up lazily so that a bare `import dilnaka` touches no files.
    if name == "__version__":
        from ._version import package_version

        return package_version()
    raise AttributeError(f"module 'dilnaka' has no attribute {name!r}")


def __dir__() -> list[str]:
    # Only the public names: submodules (client, errors, upload, …) are attributes of a package
    # once imported, and `dir(dilnaka)` should read like the docs, not like the source tree.
    return sorted([*__all__, "__version__"])
