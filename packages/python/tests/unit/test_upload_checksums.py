"""Checksums on upload (spec/scenarios/README.md, "Checksum conventions"), on the wire: what the
presign, the part presigns and complete carry, and what a storage refusal (BadDigest) leads to.
Expected digests come from spec/scenarios/checksums.json, not from the SDK."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import httpx
import pytest

from dilnaka import Dilnaka, IntegrityError, StorageError, ValidationError

from .conftest import API_KEY, BASE_URL, json_response
from .multipart_fake import MultipartFake, created

SCENARIOS = Path(__file__).resolve().parents[4] / "spec" / "scenarios" / "checksums.json"
VECTORS = {c["name"]: c for c in json.loads(SCENARIOS.read_text(encoding="utf-8"))["cases"]}
TWELVE = VECTORS["12 MiB in 5 MiB parts: three parts, the last 2 MiB"]
SHORT = VECTORS["one short text"]
PART = 5242880
BAD_DIGEST = "<Error><Code>BadDigest</Code><Message>The SHA256 you specified did not match the calculated checksum.</Message></Error>"


def bytes_of(case: Dict[str, Any]) -> bytes:
    repeat, size = case["given"]["bytes"]["repeat"].encode(), case["given"]["bytes"]["size"]
    return (repeat * (size // len(repeat) + 1))[:size]


def client_for(fake: MultipartFake, **options: Any) -> Dilnaka:
    http = httpx.Client(transport=httpx.MockTransport(fake))
    return Dilnaka(**{"api_key": API_KEY, "base_url": BASE_URL, "http_client": http, **options})


def bodies(fake: MultipartFake, op: str) -> List[Any]:
    return [j for name, j in zip(fake.log, fake.json) if name == op]


def presign_with_header(checksum: str) -> httpx.Response:
    return json_response(
        200,
        {
            "fileId": "f_single",
            "fileKey": "uploads/x",
            "uploadUrl": "https://storage.test/b/single",
            "expiresIn": 300,
            "method": "PUT",
            "headers": {"Content-Type": "text/plain", "x-amz-checksum-sha256": checksum},
        },
    )


def test_bytes_carry_their_checksum_and_the_put_sends_the_presigned_headers(sleeps: List[float]) -> None:
    fake = MultipartFake()
    want = SHORT["expect"]["sha256"]
    fake.on("createPresignedUpload", presign_with_header(want))
    seen: List[httpx.Request] = []
    fake.on("put", lambda r: (seen.append(r), httpx.Response(200))[1])
    client_for(fake).upload(bytes_of(SHORT), filename="a.txt")
    assert bodies(fake, "createPresignedUpload")[0]["checksumSha256"] == want
    assert seen[0].headers["x-amz-checksum-sha256"] == want


@pytest.mark.parametrize(("option", "sent"), [(None, False), ("sha256", True), (False, False)])
def test_a_path_in_one_put_is_hashed_only_on_request(tmp_path: Path, option: Any, sent: bool) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bytes_of(SHORT))
    fake = MultipartFake()
    client_for(fake).upload(path, checksum=option)
    body = bodies(fake, "createPresignedUpload")[0]
    assert body.get("checksumSha256") == (SHORT["expect"]["sha256"] if sent else None)


def test_checksum_false_sends_none_even_for_bytes() -> None:
    fake = MultipartFake()
    client_for(fake).upload(b"abc", filename="a.txt", checksum=False)
    assert "checksumSha256" not in bodies(fake, "createPresignedUpload")[0]


def test_a_bad_checksum_option_fails_before_any_request() -> None:
    fake = MultipartFake()
    with pytest.raises(ValidationError, match="checksum"):
        client_for(fake).upload(b"abc", filename="a.txt", checksum="md5")
    assert fake.log == []


def test_bytes_refused_for_their_digest_fail_at_once(sleeps: List[float]) -> None:
    fake = MultipartFake()
    fake.on("put", httpx.Response(400, text=BAD_DIGEST))
    with pytest.raises(IntegrityError) as info:
        client_for(fake, max_retries=3).upload(b"abc", filename="a.txt")
    error = info.value
    assert isinstance(error, StorageError)
    assert (error.code, error.status_code, error.file_id) == ("checksum_mismatch", 400, "f_single")
    assert "BadDigest" in str(error) and error.hint
    assert fake.log.count("put") == 1 and "completeUpload" not in fake.log


def test_a_file_refused_for_its_digest_is_read_again_once(tmp_path: Path, sleeps: List[float]) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    fake = MultipartFake()
    fake.on("put", httpx.Response(400, text=BAD_DIGEST), httpx.Response(200))
    assert client_for(fake).upload(path, checksum="sha256").status == "uploaded"
    assert fake.log.count("put") == 2
    fake = MultipartFake()
    fake.on("put", httpx.Response(400, text=BAD_DIGEST))
    with pytest.raises(IntegrityError):
        client_for(fake).upload(path, checksum="sha256")
    assert fake.log.count("put") == 2


def with_checksums(**body: Any) -> Dict[str, Any]:
    return {**created(part_size=PART, part_count=3), "checksumAlgorithm": "SHA256", **body}


def test_multipart_parts_are_presigned_with_their_checksums_and_completed_with_them(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(bytes_of(TWELVE))
    fake = MultipartFake(with_checksums())
    client_for(fake).upload(path, multipart_threshold=0, part_size=PART, concurrency=1)
    parts = TWELVE["expect"]["parts"]
    assert bodies(fake, "createMultipartUpload")[0]["checksumAlgorithm"] == "SHA256"
    presigns = bodies(fake, "presignUploadParts")
    # one part in flight at a time: each presign carries the one part just hashed
    assert [p["partNumbers"] for p in presigns] == [[1], [2], [3]]
    assert [p["checksums"] for p in presigns] == [{"1": parts[0]}, {"2": parts[1]}, {"3": parts[2]}]
    complete = bodies(fake, "completeUpload")[0]["parts"]
    assert [p["checksumSha256"] for p in complete] == parts


def test_parallel_parts_presign_what_is_hashed(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(bytes_of(TWELVE))
    fake = MultipartFake(with_checksums())
    client_for(fake).upload(path, multipart_threshold=0, part_size=PART, concurrency=4)
    presigns = bodies(fake, "presignUploadParts")
    numbers = sorted(n for p in presigns for n in p["partNumbers"])
    assert numbers == [1, 2, 3]  # each part presigned once, with its checksum
    assert all(set(p["checksums"]) == {str(n) for n in p["partNumbers"]} for p in presigns)


def test_a_backend_without_checksums_gets_none(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(bytes_of(TWELVE))
    fake = MultipartFake(created(part_size=PART, part_count=3))  # checksumAlgorithm absent
    client_for(fake).upload(path, multipart_threshold=0, part_size=PART)
    assert all("checksums" not in p for p in bodies(fake, "presignUploadParts"))
    assert all("checksumSha256" not in p for p in bodies(fake, "completeUpload")[0]["parts"])
    assert bodies(fake, "presignUploadParts")[0]["partNumbers"] == [1, 2, 3]  # batched as before


def test_checksum_false_asks_for_no_algorithm(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(bytes_of(TWELVE))
    fake = MultipartFake(created(part_size=PART, part_count=3))
    client_for(fake).upload(path, multipart_threshold=0, part_size=PART, checksum=False)
    assert "checksumAlgorithm" not in bodies(fake, "createMultipartUpload")[0]


def test_a_file_part_refused_for_its_digest_is_read_again_once(tmp_path: Path, sleeps: List[float]) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(bytes_of(TWELVE))
    fake = MultipartFake(with_checksums())
    refused = {"done": False}

    def part(request: httpx.Request) -> httpx.Response:
        if request.url.params["partNumber"] == "2" and not refused["done"]:
            refused["done"] = True
            return httpx.Response(400, text=BAD_DIGEST)
        return httpx.Response(200, headers={"ETag": f'"etag-{request.url.params["partNumber"]}"'})

    fake.on("putPart", part)
    assert client_for(fake).upload(path, multipart_threshold=0, part_size=PART).status == "uploaded"
    assert len(fake.parts[2]) == 2
    assert "abortUpload" not in fake.log


def test_a_stream_part_refused_for_its_digest_fails_and_aborts(sleeps: List[float]) -> None:
    data = bytes_of(TWELVE)
    fake = MultipartFake(with_checksums(partCount=None))
    fake.on("putPart", httpx.Response(400, text=BAD_DIGEST))
    chunks = iter([data[i : i + (1 << 20)] for i in range(0, len(data), 1 << 20)])
    with pytest.raises(IntegrityError) as info:
        client_for(fake).upload(chunks, filename="s.bin", part_size=PART)
    assert info.value.file_id == "f_1"
    assert "abortUpload" in fake.log
    assert all(len(attempts) == 1 for attempts in fake.parts.values())
    first = bodies(fake, "presignUploadParts")[0]
    assert first["checksums"][str(first["partNumbers"][0])] in TWELVE["expect"]["parts"]


def test_resume_takes_stored_checksums_from_list_upload_parts(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(bytes_of(TWELVE))
    parts = TWELVE["expect"]["parts"]
    fake = MultipartFake(with_checksums())
    listing = {
        "fileId": "f_1",
        "uploadId": "u_1",
        "partSize": PART,
        "partCount": 3,
        "size": len(bytes_of(TWELVE)),
        "parts": [{"partNumber": 1, "etag": '"etag-1"', "size": PART, "checksumSha256": parts[0]}],
    }
    fake.on("listUploadParts", json_response(200, listing))
    client_for(fake).resume_upload("f_1", path)
    assert sorted(fake.parts) == [2, 3]
    complete = bodies(fake, "completeUpload")[0]["parts"]
    assert [(p["partNumber"], p["checksumSha256"]) for p in complete] == [(1, parts[0]), (2, parts[1]), (3, parts[2])]


def test_complete_upload_takes_checksums_in_triples_and_parts() -> None:
    fake = MultipartFake()
    sums = TWELVE["expect"]["parts"]
    client_for(fake).complete_upload("f_1", parts=[(2, '"e2"', sums[1]), (1, '"e1"', sums[0])])
    assert bodies(fake, "completeUpload")[0]["parts"] == [
        {"partNumber": 1, "etag": '"e1"', "checksumSha256": sums[0]},
        {"partNumber": 2, "etag": '"e2"', "checksumSha256": sums[1]},
    ]


def test_part_urls_with_checksums_batch_only_the_parts_hashed() -> None:
    from dilnaka.types import PresignedPart
    from dilnaka.upload.multipart.urls import PartUrls

    def url(n: int) -> PresignedPart:
        return PresignedPart(n, f"https://s/{n}", "PUT", {}, 3600)

    urls = PartUrls([1, 2, 3, 4, 5], clock=lambda: 0.0, checksums=True)
    for n in (1, 3, 4):
        urls.hashed(n)
    assert urls.batch_for(3) == [3, 1, 4]  # the part asking first, then the others hashed
    urls.add([url(1), url(3), url(4)])
    urls.stored(1)
    urls.hashed(2)
    assert urls.batch_for(2) == [2]  # 3 and 4 have fresh URLs, 1 is stored
    urls.expire(4)  # storage refused its URL (403): presigned again with the next batch
    assert urls.batch_for(2) == [2, 4]
    plain = PartUrls([1, 2, 3], clock=lambda: 0.0)
    assert plain.batch_for(1) == [1, 2, 3]  # without checksums: ahead of need, as before
