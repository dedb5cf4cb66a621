"""Drives the published reference SDK (`dilnaka` 0.0.8 from PyPI) against the dev server.

The reference client hard-codes the production base URL, so its config is replaced with one that
points at DILNAKA_BASE_URL; everything else (headers, bodies, the PUT) is the package's own code.
Prints one JSON object with what it saw, for the vitest test to check.
"""
import dataclasses
import hashlib
import json
import os
import sys
import tempfile
import urllib.request

from dilnaka import Dilnaka

client = Dilnaka(api_key=os.environ["DILNAKA_API_KEY"])
client.config = dataclasses.replace(client.config, base_url=os.environ["DILNAKA_BASE_URL"])

payload = os.urandom(200_000) + b"reference"
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "reference upload.txt")
    with open(path, "wb") as f:
        f.write(payload)
    uploaded = client.upload(path, folder="reference", metadata={"via": "dilnaka-0.0.8"})

listed = [f.id for f in client.list_files()]
got = client.get_file(uploaded.id)
access = client.get_file_access_url(uploaded.id, expires_in=1200)
with urllib.request.urlopen(access.url) as res:
    downloaded = res.read()
deleted = client.delete_file(uploaded.id)
try:
    client.get_file(uploaded.id)
    after_delete = "still there"
except Exception as exc:  # DilnakaAPIError
    after_delete = getattr(exc, "status_code", repr(exc))

json.dump(
    {
        "id": uploaded.id,
        "key": uploaded.key,
        "status": uploaded.status,
        "size": uploaded.size,
        "content_type": uploaded.content_type,
        "listed": uploaded.id in listed,
        "got_status": got.status,
        "access_expires_in": access.expires_in,
        "access_is_temporary": access.is_temporary,
        "sha_match": hashlib.sha256(downloaded).hexdigest() == hashlib.sha256(payload).hexdigest(),
        "deleted": deleted,
        "after_delete": after_delete,
    },
    sys.stdout,
)
