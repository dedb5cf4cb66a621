"""Runs the cases of spec/faults/faults.json that apply to the published `dilnaka` 0.0.8 (single PUT
uploads and access URLs: it has no multipart, no retries) against a dev server started with
--faults, and prints one JSON object per case on stdout: what happened, the requests the server
saw, the orphans left. A comparison, not a test: 0.0.8 is expected to fail most cases.

Run by bench/reference-faults.ts with the reference venv's Python (made by scripts/setup.sh),
DILNAKA_BASE_URL and DILNAKA_API_KEY set.
"""
import dataclasses
import json
import os
import re
import secrets
import sys
import tempfile
import time
import urllib.parse

import requests
from dilnaka import Dilnaka

BASE = os.environ["DILNAKA_BASE_URL"]
KEY = os.environ["DILNAKA_API_KEY"]
WRONG_KEY = "dlk_dev_" + secrets.token_urlsafe(24)
RUN = secrets.token_hex(4)


def dev(method, path, body=None):
    res = requests.request(method, BASE + path, json=body, timeout=10)
    res.raise_for_status()
    return res.json()


def client(key, timeout):
    c = Dilnaka(api_key=key, timeout=timeout)
    c.config = dataclasses.replace(c.config, base_url=BASE)  # it hard-codes the production URL
    return c


def counts():
    seen = {}
    for r in dev("GET", "/__dev/api-requests")["requests"]:
        seen[r["operationId"]] = seen.get(r["operationId"], 0) + 1
    for r in dev("GET", "/__dev/store-requests")["requests"]:
        if r["method"] == "PUT":
            kind = "storePut" if r["partNumber"] is None else "storePartPut"
            seen[kind] = seen.get(kind, 0) + 1
    return seen


def run_case(case, tmp):
    given = case["given"]
    slug = re.sub(r"[^a-z0-9]+", "-", case["name"].lower()).strip("-")
    folder = f"faults/ref-{RUN}/{slug}"
    if "multipartThreshold" in given["options"]:
        return {"name": case["name"], "applies": False}
    owner = client(KEY, 30)
    file_id = None
    if given["kind"] == "accessUrl":
        path = os.path.join(tmp, "access.txt")
        with open(path, "wb") as f:
            f.write(b"access me")
        file_id = owner.upload(path, folder=folder).id
    for log in ("/__dev/faults", "/__dev/api-requests", "/__dev/store-requests"):
        dev("DELETE", log)
    key = WRONG_KEY if given.get("apiKey") == "wrong" else KEY
    sdk = client(key, max(1, int(given["options"]["timeout"])))
    if "usage" in given:
        dev("POST", "/__dev/usage", given["usage"])
    if given["faults"]:
        dev("POST", "/__dev/faults", given["faults"])
    outcome, leaked = "survived", False
    started = time.monotonic()
    try:
        if given["kind"] == "upload":
            path = os.path.join(tmp, slug + ".bin")
            with open(path, "wb") as f:
                f.write(os.urandom(given["file"]["size"]))
            sdk.upload(path, folder=folder)
        else:
            sdk.get_file_access_url(file_id)
    except Exception as exc:  # DilnakaAPIError, or requests' own exceptions, which 0.0.8 lets through
        status = getattr(exc, "status_code", None)
        outcome = type(exc).__name__ + (f" {status}" if status else "")
        shown = "\n".join([str(exc), repr(exc), str(getattr(exc, "response_body", ""))])
        leaked = KEY in shown or WRONG_KEY in shown
    seconds = time.monotonic() - started
    if "usage" in given:
        dev("POST", "/__dev/usage", {"plan": "free", "bandwidthBytes": 0})
    time.sleep(0.2)  # let a stalled request the client gave up on finish on the server
    orphans = dev("GET", "/__dev/orphans?prefix=" + urllib.parse.quote(folder + "/"))["orphans"]
    return {
        "name": case["name"],
        "applies": True,
        "outcome": outcome,
        "requests": counts(),
        "orphans": len(orphans),
        "keyInError": leaked,
        "seconds": round(seconds, 2),
    }


def main():
    suite = json.load(open(sys.argv[1]))
    with tempfile.TemporaryDirectory() as tmp:
        for case in suite["cases"]:
            print(json.dumps(run_case(case, tmp)), flush=True)


main()
