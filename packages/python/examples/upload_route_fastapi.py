"""The upload route in FastAPI (Starlette underneath: the same handler works on a Starlette `Route`).

    pip install dilnaka fastapi uvicorn
    DILNAKA_API_KEY=dlk_... DILNAKA_ROUTE_TOKEN_SECRET=<32+ random bytes> uvicorn upload_route_fastapi:app

The page then calls `upload(file, { handleUploadUrl: "/api/upload" })` from `@dilnaka/client`.
"""

from __future__ import annotations

import os

from fastapi import FastAPI, Request, Response

from dilnaka import AsyncDilnaka, UploadIntent, UploadPolicy, UploadRefused, async_handle_upload
from dilnaka.types import UploadedFile
from dilnaka.upload_route import UploadCompletion

app = FastAPI()
client = AsyncDilnaka()  # DILNAKA_API_KEY (and DILNAKA_BASE_URL) from the environment or .env
TOKEN_SECRET = os.environ["DILNAKA_ROUTE_TOKEN_SECRET"]  # the same on every instance of the app


async def before_upload(intent: UploadIntent) -> UploadPolicy:
    # intent.request is the Starlette Request: check the session before anything is presigned.
    if intent.request.headers.get("x-demo-user") is None:
        raise UploadRefused("Sign in to upload.")
    return UploadPolicy(
        allowed_content_types=["image/png", "image/jpeg", "image/webp"],
        max_size=10 * 1024 * 1024,
        folder="avatars",
        metadata={"user": intent.request.headers["x-demo-user"]},
    )


async def upload_completed(file: UploadedFile, completion: UploadCompletion) -> None:
    print("stored", file.id, file.key)  # e.g. save file.id on the user's profile


@app.api_route("/api/upload", methods=["POST", "GET", "PUT", "PATCH", "DELETE"])
async def upload_route(request: Request) -> Response:
    result = await async_handle_upload(
        await request.body(),
        client=client,
        token_secret=TOKEN_SECRET,
        on_before_upload=before_upload,
        on_upload_completed=upload_completed,
        request=request,
        method=request.method,  # anything but POST gets 405 with `Allow: POST`
    )
    return Response(result.json_bytes(), status_code=result.status, headers=result.headers)
