# Branch on the error class (or its .code), never on the
# message. Every error carries a .hint saying what to do.
import os

from dilnaka import APIError, Dilnaka, NotFoundError, QuotaExceededError

client = Dilnaka()
file_id = os.environ.get("DILNAKA_FILE_ID", "your_file_id")

try:
    print(client.get_file_access_url(file_id).url)
except NotFoundError as error:
    print(f"no file {file_id}: {error.hint}")
except QuotaExceededError as error:
    # bandwidth_limit_exceeded or bandwidth_hard_cap_reached
    print(f"{error.code}: {error.hint}")
except APIError as error:
    print(f"{error.status_code} {error.code}: {error.hint}")
    print(f"request id: {error.request_id}")
