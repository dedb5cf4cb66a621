"""Download throughput of the SDK against `curl -o` from the same kind of access URL, and the cost
of upload checksums, in one run against the dev server (its S3-compatible store serves the bytes).

Rows, median of --rounds rounds (order reversed every other round):
- `curl -o` of a fresh access URL: the GET alone, written to disk (the baseline), and the same
  followed by `sha256sum` of the file (what a script does for the guarantee `download()` gives);
- `Dilnaka.download()` and `AsyncDilnaka.download()`: getFile + access URL + GET streamed to a
  temp file, SHA-256 verified (the file carries a composite checksum), fsync, rename;
- `Dilnaka.download(verify=False)`: the same without hashing, so the verification cost shows;
- `upload(checksum="sha256")` vs `upload(checksum=False)` of the same file, one PUT (the pre-pass)
  and in 16 MiB parts (each part hashed before its PUT): the ratio is the checksum's cost.
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
from typing import Any, Callable, Dict, List

sys.path.insert(0, str(Path(__file__).parents[1]))

from dilnaka import AsyncDilnaka, Dilnaka
from tests.devserver import start_dev_server

CURL = "curl -o (GET only)"
ONE_PUT = {"multipart_threshold": 5 * 1024**3}
PARTS: Dict[str, Any] = {"multipart_threshold": 0}


def curl_get(client: Dilnaka, file_id: str, out: Path) -> float:
    url = client.get_file_access_url(file_id, expires_in=600).url
    started = time.perf_counter()
    result = subprocess.run(
        ["curl", "-sS", "-o", str(out), "-w", "%{http_code}", url], capture_output=True, text=True, check=True
    )
    elapsed = time.perf_counter() - started
    if result.stdout != "200":
        raise RuntimeError(f"curl got HTTP {result.stdout}")
    return elapsed


def curl_then_sha256sum(client: Dilnaka, file_id: str, out: Path) -> float:
    """What a script does for the same guarantee: curl -o, then hash the file."""
    elapsed = curl_get(client, file_id, out)
    started = time.perf_counter()
    subprocess.run(["sha256sum", str(out)], capture_output=True, check=True)
    return elapsed + time.perf_counter() - started


def sdk_download(client: Dilnaka, file_id: str, out: Path, **options: Any) -> float:
    started = time.perf_counter()
    client.download(file_id, out, **options)
    return time.perf_counter() - started


def sdk_upload(client: Dilnaka, path: Path, **options: Any) -> float:
    started = time.perf_counter()
    uploaded = client.upload(path, **options)
    elapsed = time.perf_counter() - started
    client.delete_file(uploaded.id)
    return elapsed


class AsyncDownloader:
    def __init__(self, base_url: str, api_key: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = AsyncDilnaka(api_key=api_key, base_url=base_url)

    def __call__(self, file_id: str, out: Path) -> float:
        async def once() -> float:
            started = time.perf_counter()
            await self.client.download(file_id, out)
            return time.perf_counter() - started

        return self.loop.run_until_complete(once())

    def close(self) -> None:
        self.loop.run_until_complete(self.client.close())
        self.loop.close()


def measure(runners: Dict[str, Callable[[], float]], rounds: int) -> Dict[str, float]:
    for run in runners.values():  # warm-up: connections, the page cache, the store's first read
        run()
    times: Dict[str, List[float]] = {name: [] for name in runners}
    for round_number in range(rounds):
        for name in list(runners) if round_number % 2 == 0 else list(reversed(runners)):
            times[name].append(runners[name]())
    return {name: statistics.median(samples) for name, samples in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE_MIB", "1024")), help="MiB")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    args = parser.parse_args()
    if shutil.which("curl") is None:
        sys.exit("curl is needed for the baseline (scripts/setup.sh installs it)")
    with tempfile.TemporaryDirectory(prefix="dilnaka-bench-") as tmp:
        path, out = Path(tmp) / "bench.bin", Path(tmp) / "out.bin"
        with path.open("wb") as f:
            for _ in range(args.size):
                f.write(os.urandom(1 << 20))
        server = start_dev_server(Path(tmp) / "data", "--plan", "usage")
        try:
            downloader = AsyncDownloader(server.base_url, server.api_key)
            with Dilnaka(api_key=server.api_key, base_url=server.base_url) as client:
                stored = client.upload(path, **PARTS)  # parts with checksums: a composite to verify
                assert stored.checksum_sha256, "the dev server stored no checksum"
                downloads = measure(
                    {
                        CURL: lambda: curl_get(client, stored.id, out),
                        "curl -o, then sha256sum": lambda: curl_then_sha256sum(client, stored.id, out),
                        "Dilnaka.download()": lambda: sdk_download(client, stored.id, out),
                        "Dilnaka.download(verify=False)": lambda: sdk_download(client, stored.id, out, verify=False),
                        "AsyncDilnaka.download()": lambda: downloader(stored.id, out),
                    },
                    args.rounds,
                )
                uploads = measure(
                    {
                        "one PUT, checksum=False": lambda: sdk_upload(client, path, checksum=False, **ONE_PUT),
                        'one PUT, checksum="sha256"': lambda: sdk_upload(client, path, checksum="sha256", **ONE_PUT),
                        "16 MiB parts, checksum=False": lambda: sdk_upload(client, path, checksum=False, **PARTS),
                        "16 MiB parts, checksums (default)": lambda: sdk_upload(client, path, **PARTS),
                    },
                    args.rounds,
                )
            downloader.close()
        except Exception:
            print(f"dev server stderr:\n{server.stderr_tail()}")
            raise
        finally:
            server.stop()
    report(args.size, args.rounds, downloads, uploads)


def report(mib: int, rounds: int, downloads: Dict[str, float], uploads: Dict[str, float]) -> None:
    print(f"\nDownload of {mib} MiB from the dev server's access URL, median of {rounds} rounds\n")
    print(f"| {'client':<34} | {'median s':>8} | {'MiB/s':>7} | {'ratio':>5} |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 9}|{'-' * 7}|")
    for name, median in downloads.items():
        print(f"| {name:<34} | {median:>8.3f} | {mib / median:>7.1f} | {downloads[CURL] / median:>5.2f} |")
    print("\nratio = curl -o time / this time (target >= 0.9)")
    print(f"\nUpload of {mib} MiB with and without checksums, median of {rounds} rounds\n")
    print(f"| {'upload':<34} | {'median s':>8} | {'MiB/s':>7} | {'cost':>5} |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 9}|{'-' * 7}|")
    names = list(uploads)
    for i, name in enumerate(names):
        without = uploads[names[i - i % 2]]
        print(f"| {name:<34} | {uploads[name]:>8.3f} | {mib / uploads[name]:>7.1f} | {uploads[name] / without:>5.2f} |")
    print("\ncost = time with checksums / time without (1.00 = free)")


if __name__ == "__main__":
    main()
