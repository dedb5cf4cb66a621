"""Every operation of spec/openapi.yaml, and every error status it declares, against Prism.

Run through `node ../../scripts/with-prism.mjs` (the package's `test` script does), which sets
DILNAKA_BASE_URL. Prism validates our requests against the spec and answers with its examples.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Tuple

import httpx
import pytest
import yaml

import dilnaka
from dilnaka import Dilnaka

pytestmark = pytest.mark.contract

SPEC = yaml.safe_load((Path(__file__).parents[4] / "spec" / "openapi.yaml").read_text())
BASE_URL = os.environ.get("DILNAKA_BASE_URL", "")
if not BASE_URL:
    pytest.skip("needs Prism: run `pnpm test` (node ../../scripts/with-prism.mjs)", allow_module_level=True)

KEY = "dlk_dev_contract_test_key_0000"

# How the SDK performs each operation of the spec.
OPERATIONS: Dict[str, Callable[[Dilnaka], Any]] = {
    "createPresignedUpload": lambda c: c.create_presigned_upload("test.txt", "text/plain", 94, folder="uploads"),
    "completeUpload": lambda c: c.complete_upload("clx_file_id"),
    "listFiles": lambda c: list(c.list_files(limit=10)),
    "getFile": lambda c: c.get_file("clx_file_id"),
    "deleteFile": lambda c: c.delete_file("clx_file_id"),
    "getFileAccessUrl": lambda c: c.get_file_access_url("clx_file_id", expires_in=600),
    "createMultipartUpload": lambda c: c.create_multipart_upload(
        "video.mp4", "video/mp4", size=6442450944, folder="videos", part_size=16777216
    ),
    "presignUploadParts": lambda c: c.presign_upload_parts("clx_file_id", [1, 2, 3, 4]),
    "listUploadParts": lambda c: c.list_upload_parts("clx_file_id"),
    "abortUpload": lambda c: c.abort_upload("clx_file_id"),
}

EXPECTED_CLASS = {
    400: dilnaka.BadRequestError,
    401: dilnaka.AuthenticationError,
    402: dilnaka.QuotaExceededError,
    403: dilnaka.PermissionDeniedError,
    404: dilnaka.NotFoundError,
    409: dilnaka.ConflictError,
    413: dilnaka.PayloadTooLargeError,
    422: dilnaka.UnprocessableEntityError,
    429: dilnaka.RateLimitError,
    500: dilnaka.InternalServerError,
    503: dilnaka.InternalServerError,
}


def _spec_operations() -> Iterator[Tuple[str, List[int]]]:
    for item in SPEC["paths"].values():
        for method, operation in item.items():
            if method in ("get", "post", "put", "delete", "patch"):
                yield operation["operationId"], [int(s) for s in operation["responses"] if s != "200"]


SPEC_OPERATIONS = dict(_spec_operations())
ERROR_CASES = [(op, status) for op, statuses in SPEC_OPERATIONS.items() for status in statuses]


def client_with(headers: Dict[str, str], **kwargs: Any) -> Dilnaka:
    return Dilnaka(api_key=KEY, http_client=httpx.Client(headers=headers), **kwargs)


def test_the_sdk_covers_every_operation_of_the_spec() -> None:
    assert set(OPERATIONS) == set(SPEC_OPERATIONS)


@pytest.mark.parametrize("operation", sorted(SPEC_OPERATIONS))
def test_each_operation_succeeds_and_parses_the_example(operation: str) -> None:
    result = OPERATIONS[operation](client_with({}))
    if operation == "listFiles":
        assert [f.id for f in result] == ["clx_file_id"]
    elif operation == "deleteFile":
        assert (result.file_id, result.deleted) == ("clx_file_id", True)
    elif operation == "createPresignedUpload":
        assert (result.file_id, result.method, result.headers) == ("clx_file_id", "PUT", {"Content-Type": "text/plain"})
    elif operation == "getFileAccessUrl":
        assert (result.file_id, result.is_temporary) == ("clx_file_id", True)
    elif operation == "createMultipartUpload":
        assert (result.file_id, result.upload_id, result.part_size, result.part_count) == (
            "clx_file_id",
            "2~kQ9fJx3sZ0",
            16777216,
            384,
        )
    elif operation == "presignUploadParts":
        assert [(p.part_number, p.method, p.expires_in) for p in result] == [(1, "PUT", 3600)]
    elif operation == "listUploadParts":
        assert (result.part_count, result.size, result.parts) == (
            384,
            6442450944,
            [dilnaka.UploadedPart(1, '"5d41402abc4b2a76b9719d911017c592"', 16777216)],
        )
    elif operation == "abortUpload":
        assert result == dilnaka.AbortedUpload(success=True, file_id="clx_file_id", aborted=True)
    else:
        assert (result.id, result.status, result.size) == ("clx_file_id", "uploaded", 94)


@pytest.mark.parametrize(("operation", "status"), ERROR_CASES)
def test_each_error_status_maps_to_its_class(operation: str, status: int) -> None:
    client = client_with({"Prefer": f"code={status}"}, max_retries=0)
    with pytest.raises(EXPECTED_CLASS[status]) as info:
        OPERATIONS[operation](client)
    assert info.value.status_code == status
    assert info.value.code and info.value.message and info.value.hint


@pytest.mark.parametrize("example", ["bandwidth_limit_exceeded", "bandwidth_hard_cap_reached"])
def test_bandwidth_errors_carry_their_code(example: str) -> None:
    client = client_with({"Prefer": f"code=402, example={example}"}, max_retries=0)
    with pytest.raises(dilnaka.QuotaExceededError) as info:
        client.get_file_access_url("clx_file_id", expires_in=600)
    assert info.value.code == example


def test_bandwidth_overage_warning_is_returned() -> None:
    access = client_with({"Prefer": "example=bandwidth_overage_active"}).get_file_access_url(
        "clx_file_id", expires_in=1200
    )
    assert (access.warning, access.expires_in) == ("bandwidth_overage_active", 1200)
    assert access.warning_message and "billed" in access.warning_message


def test_retry_after_and_request_id_headers_are_read() -> None:
    with pytest.raises(dilnaka.RateLimitError) as info:
        client_with({"Prefer": "code=429"}, max_retries=0).get_file("clx_file_id")
    # Prism fills headers from their schema: Retry-After 0, X-Request-Id "string".
    assert (info.value.code, info.value.retry_after, info.value.request_id) == ("rate_limited", 0.0, "string")


def test_complete_with_parts_is_accepted_by_the_contract() -> None:
    parts = [dilnaka.CompletedPart(2, '"7d793037a0760186574b0282f2f435e7"'), (1, '"5d41402abc4b2a76b9719d911017c592"')]
    assert client_with({}).complete_upload("clx_file_id", parts=parts).status == "uploaded"


def test_create_for_a_stream_of_unknown_size_omits_size() -> None:
    result = client_with({}).create_multipart_upload(
        "backup.tar", "application/x-tar", folder="backups", part_size=67108864
    )
    assert result.file_id == "clx_file_id"


@pytest.mark.parametrize("status", ["uploaded", "pending", "all"])
def test_list_files_with_a_status_filter(status: str) -> None:
    assert [f.id for f in client_with({}).list_files(limit=10, status=status)] == ["clx_file_id"]


def test_upload_in_parts_runs_every_step_against_the_contract() -> None:
    """The whole multipart flow against Prism: create, presign, PUT (to Prism's example URL, which
    is not a real store: the PUT is answered by a transport of our own), complete with the ETags."""
    real = httpx.HTTPTransport()

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.host == "s3-presigned-url":
            request.read()
            return httpx.Response(200, headers={"ETag": '"etag"'})
        response = real.handle_request(request)
        response.read()
        return response

    http = httpx.Client(transport=httpx.MockTransport(route))
    client = Dilnaka(api_key=KEY, http_client=http)
    uploaded = client.upload(b"x" * 1024, filename="test.txt", multipart_threshold=0)
    assert uploaded.status == "uploaded"


# Issue #16: checksums in requests, verified downloads. Prism validates every request body against
# the spec (a field it does not know, or a bad value, is a 422), so these fail if the SDK drifts.
SUM = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="


def test_prism_refuses_a_malformed_checksum_so_the_checks_below_can_fail() -> None:
    body = {"filename": "a.txt", "contentType": "text/plain", "size": 1, "checksumSha256": "not base64"}
    response = httpx.post(f"{BASE_URL}/v1/uploads/presign", json=body, headers={"Authorization": f"Bearer {KEY}"})
    assert response.status_code == 422


def test_checksum_fields_of_every_request_are_accepted_by_the_contract() -> None:
    c = client_with({})
    assert c.create_presigned_upload("a.txt", "text/plain", 0, checksum_sha256=SUM).file_id == "clx_file_id"
    created = c.create_multipart_upload("v.mp4", "video/mp4", size=6442450944, checksum_algorithm="SHA256")
    assert created.file_id == "clx_file_id"
    assert [p.part_number for p in c.presign_upload_parts("clx_file_id", [1], checksums={1: SUM})] == [1]
    parts = [dilnaka.CompletedPart(1, '"5d41402abc4b2a76b9719d911017c592"', SUM)]
    assert c.complete_upload("clx_file_id", parts=parts).status == "uploaded"


def _storage_answered_by(answer: Callable[[httpx.Request], httpx.Response]) -> Dilnaka:
    """API calls go to Prism; the storage host of its examples is answered by `answer`."""
    real = httpx.HTTPTransport()

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.host != httpx.URL(BASE_URL).host:
            request.read()
            return answer(request)
        response = real.handle_request(request)
        response.read()
        return response

    return Dilnaka(api_key=KEY, http_client=httpx.Client(transport=httpx.MockTransport(route)))


def test_an_upload_of_bytes_sends_its_checksum_through_the_contract() -> None:
    sent: List[httpx.Request] = []
    client = _storage_answered_by(lambda r: (sent.append(r), httpx.Response(200))[1])
    assert client.upload(b"", filename="empty.txt").status == "uploaded"  # presign carried SUM
    assert len(sent) == 1 and sent[0].content == b""


def test_a_download_runs_get_file_then_the_access_url_of_the_contract(tmp_path: Path) -> None:
    body = b"x" * 94  # the File example's size
    client = _storage_answered_by(lambda r: httpx.Response(200, stream=httpx.ByteStream(body)))
    result = client.download("clx_file_id", tmp_path / "a.txt", expires_in=600)
    assert (result.size, result.checksum_sha256, (tmp_path / "a.txt").read_bytes()) == (94, None, body)
    short = _storage_answered_by(lambda r: httpx.Response(200, stream=httpx.ByteStream(body[:90])))
    with pytest.raises(dilnaka.IntegrityError):
        short.download_bytes("clx_file_id")


@pytest.mark.parametrize("example", ["bandwidth_limit_exceeded", "bandwidth_hard_cap_reached"])
def test_a_download_surfaces_bandwidth_errors_as_get_file_access_url_does(example: str) -> None:
    real = httpx.HTTPTransport()

    def prefer_on_access_url(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/access-url"):
            request.headers["Prefer"] = f"code=402, example={example}"
        response = real.handle_request(request)
        response.read()
        return response

    http = httpx.Client(transport=httpx.MockTransport(prefer_on_access_url))
    with pytest.raises(dilnaka.QuotaExceededError) as info:
        Dilnaka(api_key=KEY, http_client=http, max_retries=0).download_bytes("clx_file_id")
    assert info.value.code == example
