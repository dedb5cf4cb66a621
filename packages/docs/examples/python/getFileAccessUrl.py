# A download URL that expires in 10 minutes.
import os

from dilnaka import Dilnaka

client = Dilnaka()
file_id = os.environ.get("DILNAKA_FILE_ID", "your_file_id")

access = client.get_file_access_url(file_id, expires_in=600)
print(access.url)
print(f"expires in {access.expires_in} s")

# Past the included bandwidth, paid plans still get the URL,
# with a warning: the overage is billed.
if access.warning:
    print(f"{access.warning}: {access.warning_message}")
