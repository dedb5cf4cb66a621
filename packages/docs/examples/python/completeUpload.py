# Finish an upload whose bytes were PUT to the presigned URL.
# Safe to repeat.
import os

from dilnaka import Dilnaka

client = Dilnaka()
file_id = os.environ.get("DILNAKA_FILE_ID", "your_file_id")

f = client.complete_upload(file_id)
print(f"{f.id}: {f.status}, {f.size} bytes at {f.key}")
