# Upload a whole folder, 4 files at a time: each file keeps its
# relative path under `docs-tree`; one failure never stops the rest.
import os

from dilnaka import Dilnaka

client = Dilnaka()
directory = os.environ.get("DILNAKA_UPLOAD_DIR", "./site")

result = client.upload_directory(
    directory,
    folder="docs-tree",
    concurrency=4,
    exclude=["**/.DS_Store", "node_modules/**"],
)
for failure in result.failed:
    print(f"failed {failure.path}: {failure.error}")
print(f"uploaded {len(result.uploaded)} files, {len(result.failed)} failed")
