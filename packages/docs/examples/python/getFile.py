# Read one file's metadata.
import os

from dilnaka import Dilnaka

client = Dilnaka()
file_id = os.environ.get("DILNAKA_FILE_ID", "your_file_id")

f = client.get_file(file_id)
print(f"{f.original_name}: {f.size} bytes, {f.content_type}, ", end="")
print(f.status)
print(f"key: {f.key}")
