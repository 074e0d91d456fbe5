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


def test_a_report_page_names_the_unit_as_in_its_period(client, directive_186):
    import datetime

    from reports.submissions.models import UnitReport
    from tests.conftest import make_user
    from tests.reports.dashboard_data import make_period
    from units.models import Unit
    from units.services import unit_rename

    hdnd = Unit.objects.get(code="dd-hdnd")
    period = make_period(directive_186, due_on=datetime.date(2021, 12, 15))
    report = UnitReport.objects.create(period=period, unit=hdnd)
    unit_rename(
        unit=hdnd,
        name="Đảng đoàn HĐND tỉnh (tên mới, minh họa)",
        short_name="ĐĐ HĐND mới",
        symbol="ĐĐ",
        effective_on=datetime.date(2026, 1, 1),
    )
    client.force_login(make_user("hdnd", hdnd))

    page = client.get(f"/bao-cao/{report.pk}/").content.decode()

    assert "Đảng đoàn Hội đồng nhân dân tỉnh" in page and "tên mới" not in page


def test_the_period_pages_name_a_unit_as_in_the_period(client, directive_186):
    import datetime

    from reports.periods.models import ReportingObligation
    from tests.conftest import make_user
    from tests.reports.dashboard_data import make_period
    from units.models import Unit
    from units.services import unit_rename

    hdnd = Unit.objects.get(code="dd-hdnd")
    period = make_period(directive_186, due_on=datetime.date(2021, 12, 15))
    ReportingObligation.objects.create(period=period, unit=hdnd)
    unit_rename(
        unit=hdnd,
        name="Đảng đoàn HĐND tỉnh (tên mới, minh họa)",
        short_name="ĐĐ HĐND mới",
        symbol="ĐĐ",
        effective_on=datetime.date(2026, 1, 1),
    )
    client.force_login(make_user("tuyengiao", directive_186.monitoring_unit))

    for url in (
        f"/theo-doi/ky/{period.pk}/",
        f"/theo-doi/ky/{period.pk}/ma-tran/",
        f"/theo-doi/ky/{period.pk}/don-vi/dd-hdnd/",
    ):
        page = client.get(url).content.decode()
        assert "Đảng đoàn HĐND tỉnh" in page and "HĐND mới" not in page, url
        assert "tên mới" not in page, url
