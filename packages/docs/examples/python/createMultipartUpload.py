# A multipart upload by hand: create it, presign and PUT each
# part, complete with the parts' ETags. (client.upload(path)
# does all of this for large files, in parallel.)
import os
import urllib.request

from dilnaka import Dilnaka

client = Dilnaka()
path = os.environ.get("DILNAKA_UPLOAD_PATH", "./hello.txt")
with open(path, "rb") as source:
    data = source.read()

# 1. Create: a file id, the part size and the number of parts.
upload = client.create_multipart_upload(
    filename=os.path.basename(path),
    content_type="text/plain",
    size=len(data),
)
print(f"multipart {upload.file_id}: {upload.part_count} part(s) of {upload.part_size} bytes")

# 2. Presign the parts (up to 1,000 per call), PUT each one's
#    bytes with exactly its headers, and keep the ETag.
etags = []
for part in client.presign_upload_parts(upload.file_id, range(1, upload.part_count + 1)):
    start = (part.part_number - 1) * upload.part_size
    put = urllib.request.Request(
        part.url,
        data=data[start : start + upload.part_size],
        headers=part.headers,
        method=part.method,
    )
    with urllib.request.urlopen(put) as answer:
        etags.append((part.part_number, answer.headers["ETag"]))

# 3. Complete: storage assembles the parts in order.
f = client.complete_upload(upload.file_id, parts=etags)
print(f"status: {f.status}")
