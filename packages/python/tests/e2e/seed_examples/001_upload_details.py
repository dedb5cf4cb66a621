from dilnaka import Dilnaka
client = Dilnaka()
uploaded = client.upload("./test-upload.txt", folder="uploads")
print("Uploaded file:")
print(f" id: {uploaded.id}")
print(f" key: {uploaded.key}")
print(f" status: {uploaded.status}")
print(f" size: {uploaded.size}")
print(f" content_type: {uploaded.content_type}")
