"""Where a view goes back to after an action: the one check of a "next" address that a page, a
form or a stored notification hands over, used by every view that takes one."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, url: str | None, fallback: str) -> str:
    """`url` when it is a path on this site ("/..."; never another host, a scheme such as
    javascript:, or "//host" and its backslash variants), else `fallback`."""
    if (
        url
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return fallback
