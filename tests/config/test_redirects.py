"""The one check of a "next" address (issue 13): a path on this site, or the fallback."""

import pytest
from django.test import RequestFactory

from config.redirects import safe_next_url


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver/bao-cao/",  # an absolute address, even of this site: not a path
        "",
        None,
    ],
)
def test_anything_but_a_path_of_this_site_gives_the_fallback(url):
    request = RequestFactory().get("/")
    assert safe_next_url(request, url, "/fallback/") == "/fallback/"


def test_a_path_of_this_site_is_kept_with_its_query():
    request = RequestFactory().get("/")
    assert (
        safe_next_url(request, "/theo-doi/ky/3/?status=late", "/x/")
        == "/theo-doi/ky/3/?status=late"
    )
