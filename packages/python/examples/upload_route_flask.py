"""The upload route in Flask, with the synchronous client.

    pip install dilnaka flask
    DILNAKA_API_KEY=dlk_... DILNAKA_ROUTE_TOKEN_SECRET=<32+ random bytes> flask --app upload_route_flask run

The page then calls `upload(file, { handleUploadUrl: "/api/upload" })` from `@dilnaka/client`.
"""

from __future__ import annotations

import os

from flask import Flask, Response, request

from dilnaka import Dilnaka, UploadIntent, UploadPolicy, UploadRefused, handle_upload
from dilnaka.types import UploadedFile
from dilnaka.upload_route import UploadCompletion

app = Flask(__name__)
client = Dilnaka()  # DILNAKA_API_KEY (and DILNAKA_BASE_URL) from the environment or .env
TOKEN_SECRET = os.environ["DILNAKA_ROUTE_TOKEN_SECRET"]  # the same on every instance of the app


def before_upload(intent: UploadIntent) -> UploadPolicy:
    # intent.request is Flask's request: check the session before anything is presigned.
    user = intent.request.headers.get("X-Demo-User")
    if user is None:
        raise UploadRefused("Sign in to upload.")
    return UploadPolicy(
        allowed_content_types=["image/png", "image/jpeg", "image/webp"],
        max_size=10 * 1024 * 1024,
        folder="avatars",
        metadata={"user": user},
    )


def upload_completed(file: UploadedFile, completion: UploadCompletion) -> None:
    app.logger.info("stored %s at %s", file.id, file.key)  # e.g. save file.id on the user's profile


@app.route("/api/upload", methods=["POST", "GET", "PUT", "PATCH", "DELETE"])
def upload_route() -> Response:
    result = handle_upload(
        request.get_data(),
        client=client,
        token_secret=TOKEN_SECRET,
        on_before_upload=before_upload,
        on_upload_completed=upload_completed,
        request=request,
        method=request.method,  # anything but POST gets 405 with `Allow: POST`
    )
    return Response(result.json_bytes(), status=result.status, headers=result.headers)
