"""`Dilnaka.upload()` in parts against a scripted API and storage: requests, sources, parallelism,
progress, failures, interrupts and resume. (The shared vectors are in test_scenarios.py.)"""

from __future__ import annotations

import _thread
import json
import os
import stat
import threading
import time
from pathlib import Path
from typing import Any, Iterator, List, Optional, Tuple

import httpx
import pytest

import dilnaka
from dilnaka import Dilnaka

from .conftest import API_KEY, BASE_URL, json_response
from .multipart_fake import MultipartFake, created

MiB = 1024 * 1024
PART = 5 * MiB
SIZE = 12 * MiB  # parts of 5, 5 and 2 MiB


def data_of(size: int = SIZE) -> bytes:
    return bytes((i * 7 + i // 4096) % 251 for i in range(4096)) * (size // 4096)


def client_for(fake: MultipartFake, **options: Any) -> Dilnaka:
    http = httpx.Client(transport=httpx.MockTransport(fake))
    return Dilnaka(**{"api_key": API_KEY, "base_url": BASE_URL, "http_client": http, **options})


def write(tmp_path: Path, data: bytes, name: str = "a.bin") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_path_above_the_threshold_goes_in_parts_read_from_its_ranges(tmp_path: Path, sleeps: List[float]) -> None:
    data = data_of()
    fake = MultipartFake()
    uploaded = client_for(fake).upload(
        write(tmp_path, data), folder="videos", multipart_threshold=8 * MiB, part_size=PART
    )
    assert uploaded.status == "uploaded"
    assert fake.api_ops() == ["createMultipartUpload", "presignUploadParts", "completeUpload"]
    assert fake.json[0] == {
        "filename": "a.bin",
        "contentType": "application/octet-stream",
        "size": SIZE,
        "folder": "videos",
        "partSize": PART,
        "checksumAlgorithm": "SHA256",  # asked for; this fake answers without it, so parts carry none
    }
    assert fake.presigned == [[1, 2, 3]]
    assert {n: bodies[-1] for n, bodies in fake.parts.items()} == {
        1: data[:PART],
        2: data[PART : 2 * PART],
        3: data[2 * PART :],
    }
    complete = fake.json[fake.log.index("completeUpload")]
    assert complete == {"fileId": "f_1", "parts": [{"partNumber": n, "etag": f'"etag-{n}"'} for n in (1, 2, 3)]}


def test_part_puts_carry_the_presigned_headers_a_length_and_never_the_key(tmp_path: Path) -> None:
    seen: List[httpx.Request] = []
    fake = MultipartFake()
    fake.on("putPart", lambda r: (seen.append(r), httpx.Response(200, headers={"ETag": '"e"'}))[1])
    http = httpx.Client(transport=httpx.MockTransport(fake), headers={"Authorization": f"Bearer {API_KEY}"})
    Dilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http).upload(
        write(tmp_path, data_of()), multipart_threshold=0, part_size=PART
    )
    assert sorted(int(r.headers["content-length"]) for r in seen) == [2 * MiB, PART, PART]
    assert all("authorization" not in r.headers and "transfer-encoding" not in r.headers for r in seen)


def test_parts_are_sent_in_parallel_up_to_concurrency(tmp_path: Path) -> None:
    in_flight, most = [0], [0]
    lock = threading.Lock()
    both_started = threading.Barrier(2, timeout=5)  # fails unless two parts are in flight at once

    def hold(request: httpx.Request) -> httpx.Response:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        if request.url.params["partNumber"] in ("1", "2"):
            both_started.wait()
        time.sleep(0.02)
        with lock:
            in_flight[0] -= 1
        return httpx.Response(200, headers={"ETag": f'"etag-{request.url.params["partNumber"]}"'})

    fake = MultipartFake(created(part_count=5))
    fake.on("putPart", hold)
    client_for(fake).upload(write(tmp_path, data_of(24 * MiB)), multipart_threshold=0, part_size=PART, concurrency=2)
    assert most[0] == 2
    assert sorted(fake.parts) == [1, 2, 3, 4, 5]


def test_progress_is_one_monotonic_stream_from_one_thread_at_a_time_across_a_retry(
    tmp_path: Path, sleeps: List[float]
) -> None:
    fake = MultipartFake()
    fake.on(
        "putPart",
        *[
            lambda r: (
                httpx.Response(503, headers={"Retry-After": "0"})
                if r.url.params["partNumber"] == "2" and len(fake.parts[2]) == 1
                else httpx.Response(200, headers={"ETag": '"e"'})
            )
        ],
    )
    calls: List[Tuple[int, Optional[int]]] = []
    inside = threading.Lock()

    def progress(sent: int, total: Optional[int]) -> None:
        assert inside.acquire(blocking=False), "progress called from two threads at once"
        try:
            calls.append((sent, total))
            time.sleep(0.0005)
        finally:
            inside.release()

    client_for(fake).upload(write(tmp_path, data_of()), multipart_threshold=0, part_size=PART, progress=progress)
    assert len(fake.parts[2]) == 2  # part 2 was sent twice
    sent = [s for s, _ in calls]
    assert sent == sorted(sent) and len(set(sent)) == len(sent)
    assert calls[0] == (0, SIZE) and calls[-1] == (SIZE, SIZE)
    assert {t for _, t in calls} == {SIZE}


def test_bytes_and_a_file_object_from_its_position_are_split_the_same_way(tmp_path: Path) -> None:
    data = data_of()
    fake = MultipartFake()
    client_for(fake).upload(data, filename="a.bin", multipart_threshold=0, part_size=PART)
    assert b"".join(fake.parts[n][-1] for n in (1, 2, 3)) == data
    fake = MultipartFake(created(part_count=3))
    path = write(tmp_path, b"HEAD" + data)
    with path.open("rb") as f:
        f.seek(4)
        client_for(fake).upload(f, multipart_threshold=0, part_size=PART)
        assert not f.closed
    assert fake.json[0]["size"] == SIZE
    assert b"".join(fake.parts[n][-1] for n in (1, 2, 3)) == data


def test_an_iterator_of_unknown_size_is_uploaded_as_it_arrives_with_bounded_buffers(sleeps: List[float]) -> None:
    data = data_of(23 * MiB)
    pulled, stored = [0], [0]
    most_ahead = [0]

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(data), 700_000):  # chunks that do not line up with parts
            pulled[0] += len(data[i : i + 700_000])
            most_ahead[0] = max(most_ahead[0], pulled[0] - stored[0])
            yield data[i : i + 700_000]

    def store(request: httpx.Request) -> httpx.Response:
        time.sleep(0.01)
        stored[0] += len(request.content)
        return httpx.Response(200, headers={"ETag": f'"etag-{request.url.params["partNumber"]}"'})

    fake = MultipartFake(created(part_count=None))
    fake.on("putPart", store)
    calls: List[Tuple[int, Optional[int]]] = []
    client_for(fake).upload(
        chunks(), filename="s.bin", part_size=PART, concurrency=2, progress=lambda s, t: calls.append((s, t))
    )
    assert "size" not in fake.json[0] and fake.json[0]["partSize"] == PART
    assert [len(fake.parts[n][-1]) for n in sorted(fake.parts)] == [PART, PART, PART, PART, 3 * MiB]
    assert b"".join(fake.parts[n][-1] for n in sorted(fake.parts)) == data
    assert most_ahead[0] <= 3 * PART + 700_000  # two parts in flight, one being read
    assert calls[0] == (0, None) and calls[-1] == (len(data), len(data))
    assert [s for s, _ in calls] == sorted(s for s, _ in calls)


@pytest.mark.parametrize("size", [0, 10, PART])
def test_an_iterator_that_ends_within_the_first_part_is_one_put(size: int) -> None:
    fake = MultipartFake()
    client_for(fake).upload(iter([data_of(PART)[:size]] if size else []), filename="s.bin", part_size=PART)
    assert fake.log == ["createPresignedUpload", "put", "completeUpload"]
    assert fake.json[0]["size"] == size


def test_an_iterator_on_a_backend_without_multipart_is_a_validation_error() -> None:
    fake = MultipartFake()
    fake.on(
        "createMultipartUpload", json_response(404, {"success": False, "error": "not_found", "message": "No route."})
    )
    with pytest.raises(dilnaka.ValidationError, match="stream of unknown size"):
        client_for(fake, max_retries=0).upload(iter([data_of(6 * MiB)]), filename="s.bin", part_size=PART)


def test_a_part_refused_for_good_aborts_the_upload_and_stops_the_others(tmp_path: Path) -> None:
    fake = MultipartFake(created(part_count=5))
    fake.on(
        "putPart",
        lambda r: (
            httpx.Response(400, text="<Error><Code>InvalidArgument</Code></Error>")
            if r.url.params["partNumber"] == "1"
            else (time.sleep(0.05), httpx.Response(200, headers={"ETag": '"e"'}))[1]
        ),
    )
    with pytest.raises(dilnaka.StorageError) as info:
        client_for(fake).upload(
            write(tmp_path, data_of(24 * MiB)), multipart_threshold=0, part_size=PART, concurrency=2
        )
    assert (info.value.status_code, info.value.code, info.value.file_id) == (400, "InvalidArgument", "f_1")
    assert fake.log[-1] == "abortUpload" and "completeUpload" not in fake.log
    assert fake.log.count("putPart") < 5  # the parts after the failure were never started


def test_ctrl_c_stops_the_parts_aborts_and_removes_the_state_file(tmp_path: Path) -> None:
    fake = MultipartFake(created(part_count=5))

    def interrupt_on_part_3(request: httpx.Request) -> httpx.Response:
        if request.url.params["partNumber"] == "3":
            _thread.interrupt_main()  # what Ctrl-C does: KeyboardInterrupt in the main thread
            time.sleep(0.2)
        return httpx.Response(200, headers={"ETag": f'"etag-{request.url.params["partNumber"]}"'})

    fake.on("putPart", interrupt_on_part_3)
    state_dir = tmp_path / "state"
    with pytest.raises(KeyboardInterrupt):
        client_for(fake).upload(
            write(tmp_path, data_of(24 * MiB)),
            multipart_threshold=0,
            part_size=PART,
            concurrency=1,
            resume=True,
            state_dir=state_dir,
        )
    assert fake.log[-1] == "abortUpload" and "completeUpload" not in fake.log
    assert list((state_dir / "uploads").iterdir()) == []


def test_with_resume_a_failed_part_keeps_the_upload_and_the_next_call_sends_only_the_rest(
    tmp_path: Path, sleeps: List[float]
) -> None:
    path = write(tmp_path, data_of())
    state_dir = tmp_path / "state"
    fake = MultipartFake()
    fake.on(
        "putPart",
        lambda r: (
            httpx.Response(400)
            if r.url.params["partNumber"] == "3"
            else httpx.Response(200, headers={"ETag": f'"etag-{r.url.params["partNumber"]}"'})
        ),
    )
    options = {"multipart_threshold": 0, "part_size": PART, "concurrency": 1, "resume": True, "state_dir": state_dir}
    with pytest.raises(dilnaka.StorageError) as info:
        client_for(fake).upload(path, **options)
    assert info.value.file_id == "f_1" and "abortUpload" not in fake.log
    (state_file,) = (state_dir / "uploads").iterdir()
    header, *lines = [json.loads(line) for line in state_file.read_text().splitlines()]
    assert lines == [
        {"partNumber": 1, "etag": '"etag-1"', "size": PART},
        {"partNumber": 2, "etag": '"etag-2"', "size": PART},
    ]
    assert (header["fileId"], header["uploadId"], header["partSize"], header["partCount"]) == ("f_1", "u_1", PART, 3)
    assert header["source"] == {
        "path": os.path.abspath(path),
        "size": SIZE,
        "mtimeMs": path.stat().st_mtime_ns // 1_000_000,
    }

    again = MultipartFake()
    stored = {
        "fileId": "f_1",
        "uploadId": "u_1",
        "partSize": PART,
        "partCount": 3,
        "size": SIZE,
        "parts": [{"partNumber": n, "etag": f'"etag-{n}"', "size": PART} for n in (1, 2)],
    }
    again.on("listUploadParts", json_response(200, stored))
    calls: List[Tuple[int, Optional[int]]] = []
    client_for(again).upload(path, progress=lambda s, t: calls.append((s, t)), **options)
    assert again.api_ops() == ["listUploadParts", "presignUploadParts", "completeUpload"]
    assert sorted(again.parts) == [3]
    assert calls[0] == (2 * PART, SIZE) and calls[-1] == (SIZE, SIZE)  # the stored parts count as sent
    assert not state_file.exists()


def test_the_state_file_is_private_and_holds_no_key_or_url(tmp_path: Path) -> None:
    fake = MultipartFake()
    fake.on("completeUpload", json_response(503, {"success": False, "error": "service_unavailable", "message": "m"}))
    state_dir = tmp_path / "state"
    with pytest.raises(dilnaka.InternalServerError) as info:
        client_for(fake, max_retries=0).upload(
            write(tmp_path, data_of()), multipart_threshold=0, part_size=PART, resume=True, state_dir=state_dir
        )
    assert info.value.file_id == "f_1" and "abortUpload" not in fake.log  # a failed complete keeps the parts
    (state_file,) = (state_dir / "uploads").iterdir()
    assert stat.S_IMODE(state_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((state_dir / "uploads").stat().st_mode) == 0o700
    text = state_file.read_text()
    assert API_KEY not in text and "storage.test" not in text and "http" in json.loads(text.splitlines()[0])["baseURL"]


def test_a_failed_complete_without_resume_keeps_the_upload_to_finish_later(tmp_path: Path) -> None:
    fake = MultipartFake()
    fake.on("completeUpload", json_response(409, {"success": False, "error": "invalid_part", "message": "m"}))
    with pytest.raises(dilnaka.ConflictError) as info:
        client_for(fake).upload(write(tmp_path, data_of()), multipart_threshold=0, part_size=PART)
    assert info.value.file_id == "f_1" and "abortUpload" not in fake.log


def test_resume_upload_sends_the_parts_storage_lacks(tmp_path: Path) -> None:
    data = data_of()
    fake = MultipartFake()
    listed = {
        "fileId": "f_9",
        "uploadId": "u",
        "partSize": PART,
        "partCount": 3,
        "size": SIZE,
        "parts": [{"partNumber": 2, "etag": '"s2"', "size": PART}],
    }
    fake.on("listUploadParts", json_response(200, listed))
    client_for(fake).resume_upload("f_9", data, filename="a.bin")
    assert sorted(fake.parts) == [1, 3] and fake.parts[3][-1] == data[2 * PART :]
    assert fake.json[-1]["parts"] == [
        {"partNumber": 1, "etag": '"etag-1"'},
        {"partNumber": 2, "etag": '"s2"'},
        {"partNumber": 3, "etag": '"etag-3"'},
    ]
    with pytest.raises(dilnaka.ValidationError, match="expects 12582912 bytes"):
        client_for(fake).resume_upload("f_9", data[:-1], filename="a.bin")


@pytest.mark.parametrize(
    ("source", "options", "match"),
    [
        (b"abc", {"resume": True}, "resume=True needs a file path"),
        (iter([b"abc"]), {"resume": True}, "resume=True needs a file path"),
        (b"abc", {"part_size": MiB}, "part_size must be from 5 MiB"),
        (b"abc", {"concurrency": 0}, "concurrency must be from 1"),
        (b"abc", {"multipart_threshold": "big"}, "multipart_threshold must be a whole number"),
        (b"abc", {"resume": "yes"}, "resume must be True or False"),
    ],
)
def test_bad_options_fail_before_any_request(source: Any, options: Any, match: str) -> None:
    fake = MultipartFake()
    with pytest.raises(dilnaka.ValidationError, match=match):
        client_for(fake).upload(source, filename="a.bin", **options)
    assert fake.log == []


def test_an_injected_client_with_too_few_connections_is_refused_before_any_request() -> None:
    http = httpx.Client(limits=httpx.Limits(max_connections=2))
    client = Dilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http)
    with pytest.raises(dilnaka.ValidationError, match=r"max_connections=4"):
        client.upload(b"x" * 100, filename="a.bin", multipart_threshold=0)
    assert client.upload  # the client stays usable; nothing was sent (no server at api.test)
    http.close()


def test_the_clients_own_pool_fits_the_largest_concurrency() -> None:
    with Dilnaka(api_key=API_KEY) as client:
        pool = client._transport.http._transport._pool  # type: ignore[attr-defined]
        assert (pool._max_connections, pool._max_keepalive_connections) == (100, 64)


def test_lower_level_operations_send_the_contract_bodies_and_return_typed_results() -> None:
    fake = MultipartFake(created(part_count=2))
    listed = {
        "fileId": "f_1",
        "uploadId": "u_1",
        "partSize": PART,
        "partCount": 2,
        "size": 2 * PART,
        "parts": [{"partNumber": 1, "etag": '"e1"', "size": PART}],
    }
    fake.on("listUploadParts", json_response(200, listed))
    client = client_for(fake)
    upload = client.create_multipart_upload(
        "v.mp4", "video/mp4", size=2 * PART, folder="videos", metadata={"o": "a"}, part_size=PART
    )
    urls = client.presign_upload_parts(upload.file_id, [2, 1])
    listing = client.list_upload_parts("f_1")
    file = client.complete_upload("f_1", parts=[*listing.parts, dilnaka.CompletedPart(2, '"e2"')][::-1])
    aborted = client.abort_upload("f_1")
    assert fake.json[0] == {
        "filename": "v.mp4",
        "contentType": "video/mp4",
        "size": 2 * PART,
        "folder": "videos",
        "metadata": {"o": "a"},
        "partSize": PART,
    }
    assert (upload.upload_id, upload.part_size, upload.expires_in) == ("u_1", PART, 86400)
    assert fake.json[1] == {"partNumbers": [2, 1]} and [u.part_number for u in urls] == [2, 1]
    assert urls[0].url.startswith("https://storage.test/") and urls[0].method == "PUT"
    assert listing.parts == [dilnaka.UploadedPart(1, '"e1"', PART)]
    assert fake.json[3] == {
        "fileId": "f_1",
        "parts": [{"partNumber": 1, "etag": '"e1"'}, {"partNumber": 2, "etag": '"e2"'}],
    }
    assert file.status == "uploaded" and aborted == dilnaka.AbortedUpload(True, "f_1", True)
    assert [r for r in fake.log] == [
        "createMultipartUpload",
        "presignUploadParts",
        "listUploadParts",
        "completeUpload",
        "abortUpload",
    ]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda c: c.presign_upload_parts("f", []), "1 to 1000 part numbers"),
        (lambda c: c.presign_upload_parts("f", list(range(1, 1002))), "1 to 1000 part numbers"),
        (lambda c: c.presign_upload_parts("f", [1, 1]), "must not repeat"),
        (lambda c: c.presign_upload_parts("f", [0]), "part_numbers"),
        (lambda c: c.create_multipart_upload("a", "text/plain", part_size=MiB), "part_size"),
        (lambda c: c.complete_upload("f", parts=["x"]), "parts must hold"),
        (lambda c: c.abort_upload(" "), "file_id is required"),
        (lambda c: c.list_files(status="done"), "status must be one of"),
    ],
)
def test_lower_level_arguments_are_checked_before_any_request(call: Any, match: str) -> None:
    fake = MultipartFake()
    with pytest.raises(dilnaka.ValidationError, match=match):
        call(client_for(fake))
    assert fake.log == []


def test_list_files_passes_the_status_filter() -> None:
    seen: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return json_response(200, {"files": []})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    assert Dilnaka(api_key=API_KEY, base_url=BASE_URL, http_client=http).list_files(status="pending").to_list() == []
    assert seen[0].url.params["status"] == "pending"
