"""Uploads refused while they arrive, not after.

Django streams an upload to memory or to a temporary file and only then hands it to the form,
so a 300 MB "PDF" used to be written to /tmp before the 20 MB limit refused it. Two guards:

- `refuse_oversized_bodies` (middleware) answers 413 before reading a request body whose
  declared length is beyond any form of the app (`UPLOAD_MAX_REQUEST_BYTES`); the reverse proxy's
  own limit (nginx `client_max_body_size`) should be the same figure (README, Deployment);
- `SizeLimitUploadHandler` (first in `FILE_UPLOAD_HANDLERS`) stops passing a file's data on once
  it passes `UPLOAD_MAX_FILE_BYTES`: the rest is read from the socket and dropped, never stored,
  and the form receives a `RefusedUpload` whose size says it was too large, so the field shows
  the usual "file too large" message and nothing is saved.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


class RefusedUpload(UploadedFile):
    """A file dropped for its size: no content, only its name and the size it reached."""

    refused = True

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, field_name, file_name, content_type, content_length, charset=None, *a):
        super().new_file(field_name, file_name, content_type, content_length, charset, *a)
        self.received = 0
        self.refused = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_FILE_BYTES:
            # Returning None keeps the chunk from the handlers after this one (memory, disk).
            self.refused = True
            return None
        return raw_data

    def file_complete(self, file_size):
        if self.refused:
            return RefusedUpload(self.file_name, self.received, self.content_type)
        return None  # the next handler (memory or temporary file) has the file


def refuse_oversized_bodies(get_response):
    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_REQUEST_BYTES:
            body = render_to_string(
                "413.html",
                {
                    "message": _(
                        "The data sent is too large (more than %(limit)s MB). Attach smaller "
                        "files, one at a time."
                    )
                    % {"limit": settings.UPLOAD_MAX_REQUEST_BYTES // (1024 * 1024)}
                },
            )
            response = HttpResponse(body, status=413)
            # The body was not read: the connection cannot carry another request.
            response["Connection"] = "close"
            return response
        return get_response(request)

    return middleware
