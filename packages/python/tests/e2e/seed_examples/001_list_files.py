from dilnaka import Dilnaka
client = Dilnaka()
for file in client.list_files():
    print(f"{file.id} | {file.status} | {file.key}")
