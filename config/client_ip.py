"""The client's address for sign-in throttling, from the header a trusted proxy writes.

Not django-ipware: its heuristics prefer public addresses and give up when the chain is shorter
than expected, while here every client is on a private government network. The rule is simple
enough to state in full: a trusted proxy *appends* the address it saw to the header, so the
entry `CLIENT_IP_PROXY_COUNT` places from the right is the one no client can forge; anything to
its left came from the client and is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _meta_key(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_ip(request: HttpRequest) -> str | None:
    remote_addr = request.META.get("REMOTE_ADDR")
    if not settings.CLIENT_IP_HEADER:
        return remote_addr
    header = request.META.get(_meta_key(settings.CLIENT_IP_HEADER), "")
    entries = [entry.strip() for entry in header.split(",")]
    count = max(settings.CLIENT_IP_PROXY_COUNT, 1)
    if len(entries) < count or not entries[-count]:
        return remote_addr
    try:
        return str(ipaddress.ip_address(entries[-count]))
    except ValueError:
        return remote_addr
