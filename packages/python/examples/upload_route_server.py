"""A runnable upload route on the standard library only: `POST /api/upload` for the browser
uploader of `@dilnaka/client`, with the API key held here, never sent to the page.

    DILNAKA_API_KEY=dlk_dev_... DILNAKA_BASE_URL=http://127.0.0.1:4100 \\
    DILNAKA_ROUTE_TOKEN_SECRET=$(python -c "import secrets; print(secrets.token_urlsafe(48))") \\
    PORT=3000 python packages/python/examples/upload_route_server.py

Prints `listening on http://127.0.0.1:<port>` once it accepts requests (`PORT=0` picks a free port).
Pages served from loopback origins (`http://127.0.0.1:*`, `http://localhost:*`) may call it (CORS).
`UPLOAD_ALLOWED_TYPES` (optional, comma-separated, e.g. `image/*,application/pdf`) narrows the types.
"""

from __future__ import annotations

import os
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Optional

from dilnaka import Dilnaka, UploadIntent, UploadPolicy, UploadRefused, handle_upload
from dilnaka.types import UploadedFile
from dilnaka.upload_route import UploadCompletion, method_not_allowed

ROUTE = "/api/upload"
MAX_BODY = 64 * 1024  # every step's JSON is small; a larger body is not the uploader's
LOOPBACK_ORIGIN = re.compile(r"^http://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$")

allowed_types = [t.strip() for t in os.environ.get("UPLOAD_ALLOWED_TYPES", "").split(",") if t.strip()] or None


def before_upload(intent: UploadIntent) -> UploadPolicy:
    """Your rules: who may upload what. `intent.request` is the handler, for cookies or headers."""
    if intent.filename.lower().endswith((".exe", ".bat", ".cmd")):
        raise UploadRefused(f"{intent.filename}: executables are not accepted.")
    return UploadPolicy(
        allowed_content_types=allowed_types,
        max_size=100 * 1024 * 1024,
        folder="browser-uploads",
        metadata={"uploadedVia": "upload_route_server.py"},
    )


def upload_completed(file: UploadedFile, completion: UploadCompletion) -> None:
    # e.g. save file.id with its owner; completion.client_payload is what the page sent at presign
    print(f"uploaded {file.id} as {file.key} ({completion.client_payload})", file=sys.stderr, flush=True)


class UploadRouteHandler(BaseHTTPRequestHandler):
    client: Dilnaka  # set by main(): one client (and connection pool) for every request
    token_secret: str

    def do_OPTIONS(self) -> None:  # the CORS preflight of a page on another loopback port
        self._send(204, b"", {"Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "content-type"})

    def do_POST(self) -> None:
        if self.path.split("?", 1)[0] != ROUTE:
            return self._send(404, b'{"success":false,"error":"not_found","message":"No such route."}')
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._send(413, b'{"success":false,"error":"invalid_request","message":"The body is too large."}')
        result = handle_upload(
            self.rfile.read(length),
            client=self.client,
            token_secret=self.token_secret,
            on_before_upload=before_upload,
            on_upload_completed=upload_completed,
            request=self,
        )
        self._send(result.status, result.json_bytes(), result.headers)

    def do_GET(self) -> None:
        self._not_post()

    def do_PUT(self) -> None:
        self._not_post()

    def do_DELETE(self) -> None:
        self._not_post()

    def _not_post(self) -> None:
        result = method_not_allowed()  # 405 with `Allow: POST`, the route's JSON error body
        self._send(result.status, result.json_bytes(), result.headers)

    def _send(self, status: int, body: bytes, headers: Optional[Dict[str, str]] = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(name, value)
        origin = self.headers.get("Origin", "")
        if LOOPBACK_ORIGIN.match(origin):
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        print(f"{self.command} {self.path} -> {args[1] if len(args) > 1 else ''}", file=sys.stderr, flush=True)


def main() -> None:
    secret = os.environ.get("DILNAKA_ROUTE_TOKEN_SECRET")
    if not secret:
        sys.exit("Set DILNAKA_ROUTE_TOKEN_SECRET to a random secret of at least 32 bytes.")
    UploadRouteHandler.client = Dilnaka()  # DILNAKA_API_KEY and DILNAKA_BASE_URL from the environment
    UploadRouteHandler.token_secret = secret
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "3000"))), UploadRouteHandler)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        UploadRouteHandler.client.close()


if __name__ == "__main__":
    main()
