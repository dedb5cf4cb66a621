# flake8: noqa

# import apis into api package
from dilnaka._generated.api.files_api import FilesApi
from dilnaka._generated.api.multipart_api import MultipartApi
from dilnaka._generated.api.uploads_api import UploadsApi

