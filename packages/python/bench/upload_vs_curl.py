"""Upload throughput of the SDK against `curl -T`, on the same kind of presigned URL, same run.

Starts the dev server (its S3-compatible store is the target), writes a file of --size MiB, then
runs --rounds rounds, the order reversed every other round, of:

- `curl -T` to a fresh presigned URL: the PUT alone (baseline of the SDK's PUT step);
- presign + `curl -T` + complete: the whole flow with curl moving the bytes (baseline of upload());
- the SDK's PUT step alone (`dilnaka.upload.single.put_bytes`, internal) and `Dilnaka.upload()`,
  `AsyncDilnaka.upload()` as one PUT (presign + streamed PUT + complete);
- `Dilnaka.upload()` and `AsyncDilnaka.upload()` in parts (16 MiB x 4, the defaults).

Prints the median time of each and its ratio to its baseline (baseline time / SDK time), and the
multipart rows against our own one-PUT rows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional

sys.path.insert(0, str(Path(__file__).parents[1]))

from dilnaka import AsyncDilnaka, Dilnaka, PresignedUpload
from dilnaka.upload import single
from dilnaka.upload.source import resolve_source
from tests.devserver import start_dev_server


def curl_put(client: Dilnaka, path: Path) -> float:
    presigned = client.create_presigned_upload(path.name, "application/octet-stream", path.stat().st_size)
    started = time.perf_counter()
    _curl(presigned, path)
    return time.perf_counter() - started


def curl_flow(client: Dilnaka, path: Path) -> float:
    started = time.perf_counter()
    presigned = client.create_presigned_upload(path.name, "application/octet-stream", path.stat().st_size)
    _curl(presigned, path)
    client.complete_upload(presigned.file_id)
    elapsed = time.perf_counter() - started
    client.delete_file(presigned.file_id)
    return elapsed


def sdk_put(client: Dilnaka, path: Path) -> float:
    presigned = client.create_presigned_upload(path.name, "application/octet-stream", path.stat().st_size)
    source = resolve_source(path, None, "application/octet-stream")
    started = time.perf_counter()
    single.put_bytes(client._transport, presigned, source, None)
    return time.perf_counter() - started


def _curl(presigned: PresignedUpload, path: Path) -> None:
    headers = [arg for name, value in presigned.headers.items() for arg in ("-H", f"{name}: {value}")]
    result = subprocess.run(
        [
            "curl",
            "-sS",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-H",
            "Expect:",
            *headers,
            "-T",
            str(path),
            presigned.upload_url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    if result.stdout not in ("200", "201", "204"):
        raise RuntimeError(f"curl got HTTP {result.stdout}")


ONE_PUT = {"multipart_threshold": 5 * 1024**3}  # the largest threshold: one PUT up to 5 GiB
PARTS: Dict[str, int] = {"multipart_threshold": 0}  # parts of the default 16 MiB, 4 at a time


#: Per runner: seconds from the last byte on the wire to the upload's end (storage's answer to the
#: last part, then complete: for parts, the dev store assembling the object).
TAILS: Dict[str, List[float]] = {}


class Tail:
    """A progress callback that notes when every byte was handed to the socket."""

    def __init__(self) -> None:
        self.sent_all = 0.0

    def __call__(self, sent: int, total: Optional[int]) -> None:
        if sent == total:
            self.sent_all = time.perf_counter()


def sdk_sync(client: Dilnaka, path: Path, options: Dict[str, int], name: str) -> float:
    tail = Tail()
    started = time.perf_counter()
    uploaded = client.upload(path, progress=tail, **options)
    ended = time.perf_counter()
    TAILS.setdefault(name, []).append(ended - tail.sent_all)
    client.delete_file(uploaded.id)
    return ended - started


class AsyncRunner:
    """One AsyncDilnaka on one event loop for every round, as the sync client is reused."""

    def __init__(self, base_url: str, api_key: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = AsyncDilnaka(api_key=api_key, base_url=base_url)

    async def _once(self, path: Path, options: Dict[str, int], name: str) -> float:
        tail = Tail()
        started = time.perf_counter()
        uploaded = await self.client.upload(path, progress=tail, **options)
        ended = time.perf_counter()
        TAILS.setdefault(name, []).append(ended - tail.sent_all)
        await self.client.delete_file(uploaded.id)
        return ended - started

    def __call__(self, path: Path, options: Dict[str, int], name: str) -> float:
        return self.loop.run_until_complete(self._once(path, options, name))

    def close(self) -> None:
        self.loop.run_until_complete(self.client.close())
        self.loop.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE_MIB", "200")), help="MiB")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "5")))
    args = parser.parse_args()
    if shutil.which("curl") is None:
        sys.exit("curl is needed for the baseline (scripts/setup.sh installs it)")

    with tempfile.TemporaryDirectory(prefix="dilnaka-bench-") as tmp:
        path = Path(tmp) / "bench.bin"
        with path.open("wb") as f:
            for _ in range(args.size):
                f.write(os.urandom(1 << 20))
        server = start_dev_server(Path(tmp) / "data", "--plan", "usage")  # room for every round
        try:
            async_runner = AsyncRunner(server.base_url, server.api_key)
            with Dilnaka(api_key=server.api_key, base_url=server.base_url) as client:
                runners: Dict[str, Callable[[Path], float]] = {
                    CURL_PUT: lambda p: curl_put(client, p),
                    "Dilnaka PUT step": lambda p: sdk_put(client, p),
                    CURL_FLOW: lambda p: curl_flow(client, p),
                    SYNC_ONE: lambda p: sdk_sync(client, p, ONE_PUT, SYNC_ONE),
                    ASYNC_ONE: lambda p: async_runner(p, ONE_PUT, ASYNC_ONE),
                    SYNC_PARTS: lambda p: sdk_sync(client, p, PARTS, SYNC_PARTS),
                    ASYNC_PARTS: lambda p: async_runner(p, PARTS, ASYNC_PARTS),
                }
                for run in runners.values():  # warm-up: connections, imports, the store's first write
                    run(path)
                times: Dict[str, List[float]] = {name: [] for name in runners}
                for round_number in range(args.rounds):
                    order = list(runners) if round_number % 2 == 0 else list(reversed(runners))
                    for name in order:
                        times[name].append(runners[name](path))
            async_runner.close()
        except Exception:
            print(f"dev server exit code {server.process and server.process.poll()}, stderr:\n{server.stderr_tail()}")
            raise
        finally:
            server.stop()

    mib = args.size
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    print(f"\nUpload of {mib} MiB to the dev server's presigned URLs, median of {args.rounds} rounds\n")
    print(f"| {'client':<34} | {'median s':>8} | {'MiB/s':>7} | {'ratio':>5} | baseline |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 9}|{'-' * 7}|{'-' * 10}|")
    for name, median in medians.items():
        baseline = CURL_PUT if name in (CURL_PUT, "Dilnaka PUT step") else CURL_FLOW
        ratio = medians[baseline] / median
        print(f"| {name:<34} | {median:>8.3f} | {mib / median:>7.1f} | {ratio:>5.2f} | {BASELINE_TAG[baseline]:<8} |")
    print("\nratio = baseline time / this time (target >= 0.9). A = curl -T alone, B = presign + curl -T + complete.")
    for parts, one in ((SYNC_PARTS, SYNC_ONE), (ASYNC_PARTS, ASYNC_ONE)):
        print(f"{parts} vs one PUT: {medians[one] / medians[parts]:.2f}x (target >= 0.9)")
        tail, one_tail = statistics.median(TAILS[parts]), statistics.median(TAILS[one])
        sending = (medians[one] - one_tail) / (medians[parts] - tail)
        print(f"  of which after the last byte: {tail:.2f} s vs {one_tail:.2f} s; sending alone: {sending:.2f}x")


CURL_PUT = "curl -T (PUT only)"
CURL_FLOW = "presign + curl -T + complete"
SYNC_ONE, ASYNC_ONE = "Dilnaka.upload() one PUT", "AsyncDilnaka.upload() one PUT"
SYNC_PARTS, ASYNC_PARTS = "Dilnaka.upload() 16 MiB x 4", "AsyncDilnaka.upload() 16 MiB x 4"
BASELINE_TAG = {CURL_PUT: "A", CURL_FLOW: "B"}


if __name__ == "__main__":
    main()
