# Presign parts of a pending multipart upload and PUT one.
# Each part URL takes exactly its headers, never the API key.
import os
import urllib.request

from dilnaka import Dilnaka

client = Dilnaka()
file_id = os.environ.get("DILNAKA_FILE_ID", "your_file_id")
path = os.environ.get("DILNAKA_UPLOAD_PATH", "./hello.txt")
with open(path, "rb") as source:
    data = source.read()

(part,) = client.presign_upload_parts(file_id, [1])
put = urllib.request.Request(part.url, data=data, headers=part.headers, method=part.method)
with urllib.request.urlopen(put) as answer:
    # Keep the ETag: complete_upload(file_id, parts=...) needs it.
    print(f"part {part.part_number} stored, ETag {answer.headers['ETag']}")
