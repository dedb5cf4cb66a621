# Delete a file: its stored bytes and its metadata.
import os

from dilnaka import Dilnaka

client = Dilnaka()
file_id = os.environ.get("DILNAKA_FILE_ID", "your_file_id")

result = client.delete_file(file_id)
if result.deleted:
    print(f"deleted {result.file_id}")
else:
    print(f"{result.file_id} was not deleted")
