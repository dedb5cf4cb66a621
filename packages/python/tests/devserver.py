"""Starting and stopping `pnpm dev-server` (used by the e2e fixtures and the benchmark)."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import httpx

REPO_ROOT = Path(__file__).parents[3]
START_TIMEOUT = 90.0


@dataclass
class DevServer:
    base_url: str
    api_key: str
    process: Optional[subprocess.Popen[bytes]] = field(default=None, repr=False)
    stderr: List[bytes] = field(default_factory=list, repr=False)
    stderr_closed: threading.Event = field(default_factory=threading.Event, repr=False)

    def stderr_tail(self, lines: int = 20) -> str:
        """The server's last stderr lines, to explain a failure."""
        return b"".join(self.stderr[-lines:]).decode(errors="replace")

    def dev(self, method: str, path: str, body: Optional[Any] = None) -> Dict[str, Any]:
        """Calls a dev-only endpoint (`/__dev/faults`, `/__dev/usage`, `/__dev/keys`)."""
        response = httpx.request(method, self.base_url + path, json=body, timeout=10)
        response.raise_for_status()
        result: Dict[str, Any] = response.json()
        return result

    def arm(self, **fault: Any) -> None:
        self.dev("POST", "/__dev/faults", fault)

    def spec_violations(self) -> str:
        """What the server reported at stop behind DILNAKA_E2E_PRISM_PROXY=1 ("" when nothing broke the spec).

        A test that tolerated the 418 spec_violation answer still fails the run through this.
        """
        self.stderr_closed.wait(20)  # the node process writes its report while it exits
        text = b"".join(self.stderr).decode(errors="replace")
        return text[text.index("broke spec/openapi.yaml") :] if "broke spec/openapi.yaml" in text else ""

    def stop(self) -> None:
        """Stops the whole process group (pnpm, node, the store), politely first."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def start_dev_server(data_dir: Path, *extra_args: str) -> DevServer:
    """Runs `pnpm --silent dev-server --port 0` and waits for its two lines and /healthz."""
    process = subprocess.Popen(
        ["pnpm", "--silent", "dev-server", "--port", "0", "--data-dir", str(data_dir), *extra_args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so stop() reaches every child
    )
    found: Dict[str, str] = {}
    ready = threading.Event()
    stderr: List[bytes] = []

    def read_stdout() -> None:  # keeps draining after the two lines, so the server never blocks
        assert process.stdout is not None
        for line in process.stdout:
            name, _, value = line.decode().strip().partition("=")
            if name in ("DILNAKA_BASE_URL", "DILNAKA_API_KEY") and name not in found:
                found[name] = value
                if len(found) == 2:
                    ready.set()
        ready.set()

    stderr_closed = threading.Event()

    def read_stderr() -> None:
        assert process.stderr is not None
        stderr.extend(process.stderr)
        stderr_closed.set()

    threading.Thread(target=read_stdout, daemon=True).start()
    threading.Thread(target=read_stderr, daemon=True).start()
    server = DevServer("", "", process, stderr, stderr_closed)
    try:  # whatever goes wrong from here on, the process group must not outlive us
        ready.wait(START_TIMEOUT)
        if len(found) != 2:
            raise RuntimeError(
                f"the dev server did not print its two lines within {START_TIMEOUT:.0f} s: {server.stderr_tail()}"
            )
        server.base_url, server.api_key = found["DILNAKA_BASE_URL"], found["DILNAKA_API_KEY"]
        deadline = time.monotonic() + 30
        while httpx.get(server.base_url + "/healthz", timeout=5).status_code != 200:
            if time.monotonic() > deadline:
                raise RuntimeError("the dev server never answered 200 on /healthz")
            time.sleep(0.2)
    except BaseException:
        server.stop()
        raise
    return server
