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
