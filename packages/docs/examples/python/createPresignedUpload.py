# The three upload steps by hand, e.g. to let a browser PUT the bytes.
# (client.upload(path) does all three for you, streaming the file.)
import os
import urllib.request

from dilnaka import Dilnaka

client = Dilnaka()
path = os.environ.get("DILNAKA_UPLOAD_PATH", "./hello.txt")
with open(path, "rb") as f:
    data = f.read()

# 1. Presign: reserve a file id and get a short-lived upload URL.
presigned = client.create_presigned_upload(
    filename=os.path.basename(path),
    content_type="text/plain",
    size=len(data),
    folder="uploads",
)
print(f"presigned {presigned.file_id} (URL valid {presigned.expires_in} s)")

# 2. PUT the bytes with exactly the returned headers, and no API key.
put = urllib.request.Request(presigned.upload_url, data=data, headers=presigned.headers, method=presigned.method)
urllib.request.urlopen(put).close()  # raises on a non-2xx answer

# 3. Complete.
uploaded = client.complete_upload(presigned.file_id)
print(f"status: {uploaded.status}")
