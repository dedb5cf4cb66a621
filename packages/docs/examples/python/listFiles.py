# Every file, newest first: the loop fetches the next page
# when it needs it.
from dilnaka import Dilnaka

client = Dilnaka()

for f in client.list_files(limit=100):
    print(f"{f.id}  {f.status}  {f.size} bytes  {f.key}")
