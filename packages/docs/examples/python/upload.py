# Upload a file: presign -> PUT the bytes straight to storage (streamed) -> complete.
import os

from dilnaka import Dilnaka

client = Dilnaka()  # reads DILNAKA_API_KEY (and DILNAKA_BASE_URL) from the environment or .env
path = os.environ.get("DILNAKA_UPLOAD_PATH", "./hello.txt")

uploaded = client.upload(path, folder="uploads")
print(f"uploaded {uploaded.id}")
print(f"key:    {uploaded.key}")
print(f"status: {uploaded.status}")
print(f"size:   {uploaded.size} bytes ({uploaded.content_type})")
