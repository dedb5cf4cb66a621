# The parts storage holds for a pending multipart upload:
# what a resumed upload reads to send only the missing ones.
import os

from dilnaka import Dilnaka

client = Dilnaka()
file_id = os.environ.get("DILNAKA_FILE_ID", "your_file_id")

listing = client.list_upload_parts(file_id)
print(f"{listing.file_id}: {len(listing.parts)} of {listing.part_count} parts stored")
for part in listing.parts:
    print(f"part {part.part_number}  {part.size} bytes  {part.etag}")
