# The three upload steps by hand, e.g. to let a browser send
# the bytes. (client.upload(path) does all three, streaming.)
import os
import urllib.request

from dilnaka import Dilnaka

client = Dilnaka()
path = os.environ.get("DILNAKA_UPLOAD_PATH", "./hello.txt")
with open(path, "rb") as source:
    data = source.read()

# 1. Presign: a file id and a short-lived upload URL.
presigned = client.create_presigned_upload(
    filename=os.path.basename(path),
    content_type="text/plain",
    size=len(data),
    folder="uploads",
)
file_id = presigned.file_id
print(f"presigned {file_id} (URL valid {presigned.expires_in} s)")

# 2. PUT the bytes with exactly the returned headers
#    (and never the API key). urlopen raises unless 2xx.
put = urllib.request.Request(
    presigned.upload_url,
    data=data,
    headers=presigned.headers,
    method=presigned.method,
)
urllib.request.urlopen(put).close()

# 3. Complete.
f = client.complete_upload(file_id)
print(f"status: {f.status}")
