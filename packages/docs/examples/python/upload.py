# Upload a file: presign -> PUT the bytes to storage -> complete.
import os

from dilnaka import Dilnaka

# Reads DILNAKA_API_KEY (and DILNAKA_BASE_URL) from the
# environment or from .env.
client = Dilnaka()
path = os.environ.get("DILNAKA_UPLOAD_PATH", "./hello.txt")

f = client.upload(path, folder="uploads")
print(f"uploaded {f.id}")
print(f"key:    {f.key}")
print(f"status: {f.status}")
print(f"size:   {f.size} bytes ({f.content_type})")
