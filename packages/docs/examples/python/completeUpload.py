# Finish an upload whose bytes were PUT to the presigned URL (safe to repeat).
import os

from dilnaka import Dilnaka

client = Dilnaka()
file_id = os.environ.get("DILNAKA_FILE_ID", "your_file_id")

uploaded = client.complete_upload(file_id)
print(f"{uploaded.id}: {uploaded.status}, {uploaded.size} bytes at {uploaded.key}")
