# Errors are classes: branch on the class (or .code), never on the message. Each has a .hint.
import os

from dilnaka import APIError, Dilnaka, NotFoundError, QuotaExceededError

client = Dilnaka()
file_id = os.environ.get("DILNAKA_FILE_ID", "your_file_id")

try:
    access = client.get_file_access_url(file_id, expires_in=600)
    print(access.url)
except NotFoundError as error:
    print(f"no file {file_id}: {error.hint}")
except QuotaExceededError as error:
    print(f"{error.code}: {error.hint}")  # bandwidth_limit_exceeded, bandwidth_hard_cap_reached
except APIError as error:
    print(f"API error {error.status_code} {error.code} (request {error.request_id}): {error.hint}")
