"""The shared end-to-end fault suite (spec/faults/faults.json, issue #17) against the real dev server.

Each case arms its faults, makes one SDK call and checks the outcome (success with the bytes stored,
or the error's class, code, status and file id), the requests the server saw of each kind, that no
orphan object or part is left in the store, and that no API key is in the error. TypeScript
(test/e2e/faults-suite.e2e.test.ts) and PHP (tests/E2e/FaultsSuiteTest.php) run the same file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import httpx
import pytest

import dilnaka
from dilnaka import Dilnaka

from .conftest import DevServer, sha256_of_download

pytestmark = pytest.mark.e2e

SUITE_PATH = Path(__file__).parents[4] / "spec" / "faults" / "faults.json"
SUITE: Dict[str, Any] = json.loads(SUITE_PATH.read_text())
#: Every field a case may have: any other is a field this runner would silently ignore.
KNOWN_GIVEN = {"kind", "file", "options", "faults", "apiKey", "usage"}
KNOWN_EXPECT = {"outcome", "class", "code", "status", "fileId", "requests", "orphans", "minSeconds", "then"}
RUN_ID = secrets.token_hex(4)
#: Well-formed, so the SDK sends it; unknown to the server.
WRONG_KEY = "dlk_dev_" + secrets.token_urlsafe(24)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def count_requests(api: List[Dict[str, Any]], store: List[Dict[str, Any]]) -> Dict[str, int]:
    """API calls by operationId, store PUTs as `storePut` (an object) or `storePartPut` (a part)."""
    counts: Dict[str, int] = {}
    for r in api:
        counts[r["operationId"]] = counts.get(r["operationId"], 0) + 1
    for r in store:
        if r["method"] == "PUT":
            kind = "storePut" if r["partNumber"] is None else "storePartPut"
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def run_upload(case: Dict[str, Any], client: Dilnaka, folder: str, path: Path, file_id: Optional[str]) -> Any:
    options = case["given"]["options"]
    path.write_bytes(os.urandom(case["given"]["file"]["size"]))
    return client.upload(
        path,
        folder=folder,
        multipart_threshold=options.get("multipartThreshold"),
        part_size=options.get("partSize"),
        concurrency=options.get("concurrency"),
    )


def run_access_url(case: Dict[str, Any], client: Dilnaka, folder: str, path: Path, file_id: Optional[str]) -> Any:
    assert file_id is not None
    return client.get_file_access_url(file_id)


#: One runner per case kind; a kind missing here fails its case.
RUNNERS: Dict[str, Callable[[Dict[str, Any], Dilnaka, str, Path, Optional[str]], Any]] = {
    "upload": run_upload,
    "accessUrl": run_access_url,
}


@pytest.fixture
def clean_server(dev_server: DevServer) -> Iterator[DevServer]:
    for path in ("/__dev/faults", "/__dev/api-requests", "/__dev/store-requests"):
        dev_server.dev("DELETE", path)
    yield dev_server
    dev_server.dev("POST", "/__dev/usage", {"plan": "free", "bandwidthBytes": 0})


def test_every_case_has_a_name_kind_and_outcome() -> None:
    names = [c["name"] for c in SUITE["cases"]]
    assert len(names) == len(set(names)) and len(names) >= 15
    for case in SUITE["cases"]:
        assert case["expect"]["outcome"] in ("success", "error"), case["name"]


@pytest.mark.parametrize("case", SUITE["cases"], ids=[slug(c["name"]) for c in SUITE["cases"]])
def test_fault_case(case: Dict[str, Any], clean_server: DevServer, tmp_path: Path) -> None:
    given, expect = case["given"], case["expect"]
    assert set(given) <= KNOWN_GIVEN, f"unknown given fields {set(given) - KNOWN_GIVEN}"
    assert set(expect) <= KNOWN_EXPECT, f"unknown expect fields {set(expect) - KNOWN_EXPECT}"
    run = RUNNERS.get(given["kind"])
    if run is None:
        pytest.fail(
            f'faults.json case "{case["name"]}": unknown kind "{given["kind"]}" (this runner knows {sorted(RUNNERS)})'
        )
    server = clean_server
    folder = f"faults/py-{RUN_ID}/{slug(case['name'])}"
    owner = Dilnaka(api_key=server.api_key, base_url=server.base_url, timeout=30)
    file_id: Optional[str] = None
    if given["kind"] == "accessUrl":  # acts on a file uploaded first, without faults
        file_id = owner.upload(b"access me", folder=folder, filename="access.txt").id
        server.dev("DELETE", "/__dev/api-requests")
        server.dev("DELETE", "/__dev/store-requests")
    options = given["options"]
    key = WRONG_KEY if given.get("apiKey") == "wrong" else server.api_key
    client = Dilnaka(
        api_key=key, base_url=server.base_url, timeout=options["timeout"], max_retries=options["maxRetries"]
    )
    if "usage" in given:
        server.dev("POST", "/__dev/usage", given["usage"])
    if given["faults"]:
        server.dev("POST", "/__dev/faults", given["faults"])
    path = tmp_path / f"{slug(case['name'])}.bin"
    started = time.monotonic()
    result: Any = None
    error: Optional[dilnaka.DilnakaError] = None
    try:
        result = run(case, client, folder, path, file_id)
    except dilnaka.DilnakaError as exc:
        error = exc
    seconds = time.monotonic() - started

    if expect["outcome"] == "success":
        assert error is None, f"the call failed: {error!r}"
        if "minSeconds" in expect:
            assert seconds >= expect["minSeconds"] - 0.05
    else:
        assert error is not None, "the call succeeded"
        assert type(error) is getattr(dilnaka, expect["class"]["python"]), repr(error)
        if "code" in expect:
            assert getattr(error, "code", None) == expect["code"]
        if "status" in expect:
            assert getattr(error, "status_code", None) == expect["status"]
        if expect["fileId"]:
            assert error.file_id and (file_id is None or error.file_id == file_id)
        else:
            assert error.file_id is None
        shown = "\n".join([str(error), repr(error), str(getattr(error, "hint", "")), str(error.args)])
        for secret in (server.api_key, WRONG_KEY):
            assert secret not in shown, "an API key in the error"
        then = expect.get("then")
        if then == "completeUpload":
            assert error.file_id is not None
            result = owner.complete_upload(error.file_id)
            assert result.status == "uploaded"
        elif then is not None:
            pytest.fail(f'faults.json case "{case["name"]}": unknown then "{then}"')

    api = server.dev("GET", "/__dev/api-requests")["requests"]
    store = server.dev("GET", "/__dev/store-requests")["requests"]
    assert count_requests(api, store) == expect["requests"]
    if isinstance(result, dilnaka.UploadedFile):
        assert result.status == "uploaded"
        url = owner.get_file_access_url(result.id).url
        assert sha256_of_download(url) == hashlib.sha256(path.read_bytes()).hexdigest()
    orphans = httpx.get(server.base_url + "/__dev/orphans", params={"prefix": folder + "/"}, timeout=10).json()[
        "orphans"
    ]
    assert len(orphans) == expect["orphans"], orphans
    owner.close()
    client.close()
