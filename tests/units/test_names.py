from django.contrib.auth import get_user_model
from django.template import Context, Template

from units.names import display_name


def test_names_are_written_family_name_first():
    user = get_user_model()(username="lhh", first_name="Hội", last_name="Lê Minh")
    assert display_name(user) == "Lê Minh Hội"
    assert Template("{% load people %}{{ u|person }}").render(Context({"u": user})) == "Lê Minh Hội"


def test_a_user_without_a_name_is_shown_by_username():
    assert display_name(get_user_model()(username="tuyengiao")) == "tuyengiao"
    assert display_name(None) == ""
