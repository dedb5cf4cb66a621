# A large file in parts, 4 at a time. With resume=True, running
# the same call again after a crash sends only the missing parts.
import os

from dilnaka import Dilnaka

client = Dilnaka()
path = os.environ.get("DILNAKA_UPLOAD_PATH", "./video.mp4")
shown = set()


def progress(sent, total):
    percent = sent * 100 // total if total else 0
    if percent // 25 not in shown:  # a line at 0, 25, 50, 75, 100 %
        shown.add(percent // 25)
        print(f"{percent}% of {total} bytes")


f = client.upload(
    path,
    multipart_threshold=8 * 1024 * 1024,  # parts above 8 MiB
    part_size=5 * 1024 * 1024,
    concurrency=4,
    resume=True,  # state in DILNAKA_STATE_DIR or ~/.local/state/dilnaka
    progress=progress,
)
print(f"uploaded {f.id} ({f.size} bytes)")
