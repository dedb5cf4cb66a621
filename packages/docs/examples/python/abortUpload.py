# Abandon a pending upload: storage frees its parts, nothing
# is billed, and the id answers 404 afterwards.
import os

from dilnaka import Dilnaka

client = Dilnaka()
file_id = os.environ.get("DILNAKA_FILE_ID", "your_file_id")

result = client.abort_upload(file_id)
if result.aborted:
    print(f"aborted {result.file_id}")
