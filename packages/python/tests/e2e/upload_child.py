"""Run by test_resume.py as a child process, to be killed with -9 mid-upload:
`python upload_child.py <path> <state dir> <seconds to linger per MiB>`, key and URL from the environment.

Lingering in the progress callback slows the whole upload down (it runs under the progress lock),
so the parent can kill it while some parts are stored and others are still on the wire."""

from __future__ import annotations

import sys
import time

from dilnaka import Dilnaka

path, state_dir, linger = sys.argv[1], sys.argv[2], float(sys.argv[3])
with Dilnaka(timeout=30) as client:
    uploaded = client.upload(
        path,
        multipart_threshold=8 * 1024 * 1024,
        part_size=5 * 1024 * 1024,
        concurrency=2,
        resume=True,
        state_dir=state_dir,
        progress=lambda sent, total: time.sleep(linger),
    )
print(f"uploaded {uploaded.id}")
