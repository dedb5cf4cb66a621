"""The error hierarchy. Every error the SDK raises is a `DilnakaError`.

Names match the published 0.0.8 package (`DilnakaError`, `DilnakaConfigError`, `DilnakaAPIError`),
so `except DilnakaAPIError` keeps catching every API and storage failure; the finer classes below
subclass it. Classes are picked by HTTP status (and `code` for the hint), never by message text.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

from ._messages import compose


class DilnakaError(Exception):
    """Base class of every error raised by the SDK.

    Every error has a non-empty `code` and `hint`, and `str(error)` follows the one message rule of
    all SDKs: ``<what failed>: <why>[ (request id <id>)]. Hint: <hint>``. `message` is the part
    before the request id and the hint.
    """

    #: The code and the hint of an error raised without its own.
    default_code: str = "dilnaka_error"
    default_hint: str = "See the message; quote the request id to Dilnaka support if it persists."

    def __init__(
        self, message: str, *, hint: Optional[str] = None, file_id: Optional[str] = None, code: Optional[str] = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint: str = hint or self.default_hint
        #: Machine-readable: the API body's `error`, storage's `<Code>`, or an SDK code.
        self.code: Optional[str] = code or self.default_code
        #: `X-Request-Id` of the API answer, when there was one; quote it to support.
        self.request_id: Optional[str] = None
        #: Set when an upload fails after the file id was reserved: finish it later with
        #: `complete_upload(file_id)` or remove it with `delete_file(file_id)`.
        self.file_id = file_id

    def __str__(self) -> str:
        return compose(self.message, self.request_id, self.hint)

    def stored_for(self, file_id: str, parts: bool = False) -> None:
        """A complete that failed after the bytes were stored: the hint says how to finish later."""
        self.file_id = file_id
        call = f"complete_upload({file_id!r}{', parts' if parts else ''})"
        self.hint = f"{self.hint} The bytes are stored: finish later with {call}."


class DilnakaConfigError(DilnakaError):
    """The client configuration (API key, base URL, timeout, retries) is missing or invalid."""

    default_code = "config_error"
    default_hint = "Fix the client's configuration (arguments, environment or .env) as the message says."


ConfigError = DilnakaConfigError


class ValidationError(DilnakaError, ValueError):
    """A bad argument, caught before any request is sent (also a `ValueError`, as in 0.0.8)."""

    default_code = "validation_error"
    default_hint = "Fix the argument the message names; nothing was sent."

    def __init__(
        self,
        message: str,
        *,
        hint: Optional[str] = None,
        file_id: Optional[str] = None,
        code: Optional[str] = None,
        field: Optional[str] = None,
    ) -> None:
        super().__init__(message, hint=hint, file_id=file_id, code=code)
        #: The argument at fault, when one is (`filename`, `expires_in` ...).
        self.field = field


class SourceNotFoundError(ValidationError, FileNotFoundError):
    """The file to upload does not exist (also a `FileNotFoundError`, as in 0.0.8)."""

    default_code = "source_not_found"
    default_hint = "Check the path (relative paths start from the working directory)."


class DilnakaAPIError(DilnakaError):
    """The Dilnaka API or the storage host failed, or could not be reached."""

    default_code = "api_error"

    def __init__(
        self,
        message: str,
        status_code: Optional[int] = None,
        response_body: Optional[str] = None,
        *,
        code: Optional[str] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[float] = None,
        hint: Optional[str] = None,
        file_id: Optional[str] = None,
    ) -> None:
        super().__init__(message, hint=hint, file_id=file_id, code=code)
        self.status_code = status_code
        self.response_body = response_body
        self.request_id = request_id
        #: Seconds the server asked us to wait (`Retry-After`), if it said.
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status_code={self.status_code!r}, code={self.code!r})"


APIError = DilnakaAPIError


class APIConnectionError(DilnakaAPIError):
    default_code = "connection_error"
    default_hint = "Check the network and DILNAKA_BASE_URL."


class APITimeoutError(APIConnectionError):
    default_code = "timeout"
    default_hint = "The server did not answer in time: raise timeout= (or DILNAKA_TIMEOUT, in seconds)."


class BadRequestError(DilnakaAPIError):
    default_hint = "Fix the argument named in the message."


class AuthenticationError(DilnakaAPIError):
    default_hint = "Check DILNAKA_API_KEY (or api_key=): the key is missing, mistyped or revoked."


class QuotaExceededError(DilnakaAPIError):
    default_hint = "Your plan's storage or bandwidth is used up: delete files or upgrade the plan."


class PermissionDeniedError(DilnakaAPIError):
    default_hint = "This API key may not do this: use a key with access to the file."


class NotFoundError(DilnakaAPIError):
    default_hint = "Check the file id: list_files() shows the files that exist."


class ConflictError(DilnakaAPIError):
    default_hint = "The file is not in a state that allows this: upload it again."


class PayloadTooLargeError(DilnakaAPIError):
    default_hint = "The file is larger than your plan allows for one file: upgrade or split it."


class UnprocessableEntityError(DilnakaAPIError):
    default_hint = "Fix the field named in the message."


class RateLimitError(DilnakaAPIError):
    default_hint = "Too many requests: wait retry_after seconds, or raise max_retries."


class InternalServerError(DilnakaAPIError):
    default_hint = "A temporary server problem that outlasted the retries: try again later."


class StorageError(DilnakaAPIError):
    default_code = "storage_error"
    default_hint = "The storage host refused the bytes; the upload URL may have expired: upload again."


class IntegrityError(StorageError):
    """The bytes are not the ones meant: storage refused an upload whose SHA-256 differs from the one
    signed (S3 `BadDigest`), or a download's size or SHA-256 differs from the file's.

    `code` is `checksum_mismatch` or `size_mismatch`."""

    default_code = "checksum_mismatch"
    default_hint = "The bytes changed on the way: try again; if it persists, check the disk and the network."


_BY_STATUS: Dict[int, Type[DilnakaAPIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: QuotaExceededError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

# Hints sharper than the class's, for the stable `error` codes of the contract.
_HINT_BY_CODE: Dict[str, str] = {
    "storage_limit_exceeded": "Storage is full: delete files or upgrade your plan.",
    "bandwidth_limit_exceeded": "Monthly bandwidth is used up: upgrade or wait for the next billing month.",
    "bandwidth_hard_cap_reached": "The plan's monthly safety cap is reached: contact Dilnaka support.",
    "upload_incomplete": "The bytes never reached storage: upload the file again.",
    "size_mismatch": "Storage holds a different size than announced: upload the file again.",
    "file_not_uploaded": "The upload was never completed: call complete_upload(file_id) first.",
}


def api_error_class(status: int) -> Type[DilnakaAPIError]:
    """The error class for an HTTP status of the Dilnaka API."""
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, DilnakaAPIError)


def hint_for_code(code: Optional[str]) -> Optional[str]:
    return _HINT_BY_CODE.get(code or "")
