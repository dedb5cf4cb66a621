# Download a file to a path: streamed to a temp file beside it,
# continued with a Range request after a dropped connection, and
# renamed into place only once its size and SHA-256 are verified.
import os

from dilnaka import Dilnaka, IntegrityError

client = Dilnaka()
file_id = os.environ.get("DILNAKA_FILE_ID", "your_file_id")
path = os.environ.get("DILNAKA_DOWNLOAD_PATH", "./downloaded.bin")

try:
    d = client.download(file_id, path, expires_in=600)
except IntegrityError as e:
    # Nothing was left at `path`; e.code is checksum_mismatch
    # or size_mismatch.
    raise SystemExit(f"corrupted download: {e}") from None
print(f"downloaded {d.file_id} ({d.size} bytes, sha256 {d.checksum_sha256 or 'none'})")
