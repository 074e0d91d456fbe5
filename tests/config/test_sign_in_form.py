"""Bad sign-in input is a form error on both sign-in pages, never a server error."""


def test_an_overlong_user_name_is_a_form_error_not_a_server_error(client, db):
    for url in ("/dang-nhap/", "/quan-tri/login/"):
        response = client.post(url, {"username": "ạ" * 300, "password": "x"})
        assert response.status_code == 200
        if url == "/dang-nhap/":
            assert "Tên đăng nhập có tối đa 150 ký tự." in response.content.decode()
        assert response.context["form"].errors["username"] == ["Tên đăng nhập có tối đa 150 ký tự."]
