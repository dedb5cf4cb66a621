"""The server side of key-less browser uploads (spec/upload-route.yaml).

Mount `handle_upload` (or `async_handle_upload`) on one POST route of your app: the browser
uploader of `@dilnaka/client` asks it to presign, PUTs the bytes straight to storage and asks it to
complete, while the API key stays on your server. See packages/python/examples/.
"""

from .handler import async_handle_upload, handle_upload
from .policy import UploadCompletion, UploadIntent, UploadPolicy
from .result import RouteResult, UploadRefused, method_not_allowed
from .token import TokenClaims, sign_token, verify_token

__all__ = [
    "RouteResult",
    "TokenClaims",
    "UploadCompletion",
    "UploadIntent",
    "UploadPolicy",
    "UploadRefused",
    "async_handle_upload",
    "handle_upload",
    "method_not_allowed",
    "sign_token",
    "verify_token",
]
