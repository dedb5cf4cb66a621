"""Upload throughput of the SDK against `curl -T`, on the same kind of presigned URL, same run.

Starts the dev server (its S3-compatible store is the target), writes a file of --size MiB, then
for --rounds rounds, in alternating order: `curl -T` to a fresh presigned URL (the PUT alone),
`Dilnaka().upload()` and `AsyncDilnaka().upload()` (presign + streamed PUT + complete, so the
SDK pays for two extra API calls the baseline does not). Prints medians and the ratios.
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
from typing import Callable, Dict, List

sys.path.insert(0, str(Path(__file__).parents[1]))

from dilnaka import AsyncDilnaka, Dilnaka
from tests.devserver import start_dev_server


def curl_put(client: Dilnaka, path: Path) -> float:
    presigned = client.create_presigned_upload(path.name, "application/octet-stream", path.stat().st_size)
    headers = [arg for name, value in presigned.headers.items() for arg in ("-H", f"{name}: {value}")]
    started = time.perf_counter()
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
    elapsed = time.perf_counter() - started
    if result.stdout not in ("200", "201", "204"):
        raise RuntimeError(f"curl got HTTP {result.stdout}")
    return elapsed


def sdk_sync(client: Dilnaka, path: Path) -> float:
    started = time.perf_counter()
    uploaded = client.upload(path)
    elapsed = time.perf_counter() - started
    client.delete_file(uploaded.id)
    return elapsed


def sdk_async(base_url: str, api_key: str) -> Callable[[Path], float]:
    async def once(path: Path) -> float:
        async with AsyncDilnaka(api_key=api_key, base_url=base_url) as client:
            started = time.perf_counter()
            uploaded = await client.upload(path)
            elapsed = time.perf_counter() - started
            await client.delete_file(uploaded.id)
            return elapsed

    return lambda path: asyncio.run(once(path))


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
            with Dilnaka(api_key=server.api_key, base_url=server.base_url) as client:
                runners: Dict[str, Callable[[Path], float]] = {
                    "curl -T (PUT only)": lambda p: curl_put(client, p),
                    "Dilnaka.upload": lambda p: sdk_sync(client, p),
                    "AsyncDilnaka.upload": sdk_async(server.base_url, server.api_key),
                }
                for run in runners.values():  # warm-up: connections, imports, the store's first write
                    run(path)
                times: Dict[str, List[float]] = {name: [] for name in runners}
                for round_number in range(args.rounds):
                    order = list(runners) if round_number % 2 == 0 else list(reversed(runners))
                    for name in order:
                        times[name].append(runners[name](path))
        finally:
            server.stop()

    mib = args.size
    baseline = statistics.median(times["curl -T (PUT only)"])
    print(f"\nUpload of {mib} MiB to the dev server's presigned URL, median of {args.rounds} rounds\n")
    print(f"| {'client':<22} | {'median s':>8} | {'MiB/s':>7} | {'ratio vs curl':>13} |")
    print(f"|{'-' * 24}|{'-' * 10}|{'-' * 9}|{'-' * 15}|")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"| {name:<22} | {median:>8.3f} | {mib / median:>7.1f} | {baseline / median:>13.2f} |")
    print("\nratio = curl time / SDK time (>= 0.9 is the target; the SDK also presigns and completes)")


if __name__ == "__main__":
    main()
