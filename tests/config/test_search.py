"""Search without diacritics and the Vietnamese order (issue 11 item 7), on SQLite and, with
DATABASE_URL, on PostgreSQL: the same rows found with and without the marks."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from config.search import fold, vietnamese_key, words
from directives.models import Directive, Task
from reports.submissions.access import readable_reports, report_permissions
from reports.submissions.models import UnitReport
from tests.conftest import make_unit, make_user
from tests.reports.reporting_data import report_of, seed_186_with_period
from units.models import Unit

# The order ICU's vi-VN collation gives on PostgreSQL 15 (checked there, and by the PG test
# below): letters ă â after a, đ after d, ê after e, ô ơ after o, ư after u; then the tones
# unmarked, grave, hook, tilde, acute, dot below; then lower case before upper.
VIETNAMESE_ORDER = [
    "a", "an", "ă", "Ăn", "â", "binh", "bình", "Bình", "da", "dz", "đa", "e", "ea", "êa",
    "ma", "Ma", "mà", "mả", "mã", "má", "mạ", "mă", "mâ", "mb", "o", "ô", "ơ", "u", "ư",
]  # fmt: skip

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the unaccent and ICU parts are PostgreSQL's"
)


def test_fold_drops_every_mark_and_reads_dd_as_d():
    assert fold("Liên hiệp các Hội") == "lien hiep cac hoi"
    assert fold("ĐẢNG ĐOÀN  trí   thức") == "dang doan tri thuc"
    # decomposed text (typed on a Mac, pasted from a PDF) folds the same as composed text
    assert fold("Lie\u0302n hie\u0323\u0302p") == "lien hiep"
    assert words('"liên hiệp" hội') == ["lien", "hiep", "hoi"]


def test_the_sort_key_gives_the_vietnamese_order():
    shuffled = sorted(VIETNAMESE_ORDER, key=lambda w: w[::-1])
    assert sorted(shuffled, key=vietnamese_key) == VIETNAMESE_ORDER


@pytest.mark.django_db
def test_the_database_sorts_in_vietnamese_order():
    for i, name in enumerate(sorted(VIETNAMESE_ORDER, key=len)):
        make_unit(f"u{i}", name=name)
    assert [u.name for u in Unit.objects.alphabetical()] == VIETNAMESE_ORDER


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("without", "with_marks"),
    [("lien hiep", "Liên hiệp"), ("tri thuc", "trí thức"), ("LIEN HIEP cac hoi", "liên HIỆP các")],
)
def test_searching_without_diacritics_finds_the_same_rows_as_with_them(without, with_marks):
    directive, period = seed_186_with_period()
    report = report_of(period, "dd-lhh")
    entry = report.entries.first()
    entry.results = "Đã tổ chức hội thảo của Liên hiệp các Hội với đội ngũ trí thức."
    entry.save()

    def found(query):
        return (
            set(Directive.objects.search(query).values_list("pk", flat=True)),
            set(Task.objects.search(query).values_list("pk", flat=True)),
            set(Unit.objects.search(query).values_list("pk", flat=True)),
            set(UnitReport.objects.search(query).values_list("pk", flat=True)),
        )

    plain, marked = found(without), found(with_marks)
    assert plain == marked
    directives, tasks, units, reports = plain
    assert tasks and reports == {report.pk}
    if "lien" in without.lower():
        assert Unit.objects.get(code="dd-lhh").pk in units


@pytest.mark.django_db
def test_a_unit_account_never_finds_another_units_report_text():
    directive, period = seed_186_with_period()
    for code in ("dd-lhh", "dd-hdnd"):
        entry = report_of(period, code).entries.first()
        entry.results = "Hội nghị trí thức tỉnh"
        entry.save()
    users = get_user_model().objects
    lhh, tuyengiao = users.get(username="lienhiephoi"), users.get(username="tuyengiao")

    assert {r.unit.code for r in readable_reports(lhh).search("tri thuc")} == {"dd-lhh"}
    assert {r.unit.code for r in readable_reports(tuyengiao).search("tri thuc")} == {
        "dd-lhh",
        "dd-hdnd",
    }


@pytest.mark.django_db
def test_readable_reports_is_what_report_permissions_lets_each_user_read():
    directive, period = seed_186_with_period()
    for code in ("dd-lhh", "dd-hdnd", "bcsd-ubnd", "binhson"):
        report_of(period, code)
    outsider = make_user("ngoai", make_unit("ngoai"))
    for user in [*get_user_model().objects.exclude(pk=outsider.pk), outsider]:
        user = get_user_model().objects.get(pk=user.pk)  # fresh role caches
        expected = {
            r.pk for r in UnitReport.objects.select_related("period__directive")
            if report_permissions(user, r)["read"]
        }  # fmt: skip
        assert set(readable_reports(user).values_list("pk", flat=True)) == expected, user


@pytest.mark.django_db
def test_the_search_page_finds_without_diacritics_in_pinned_queries(
    client, django_assert_num_queries
):
    directive, period = seed_186_with_period()
    entry = report_of(period, "dd-lhh").entries.first()
    entry.results = "Liên hiệp đã họp"
    entry.save()
    client.force_login(get_user_model().objects.get(username="lienhiephoi"))
    url = reverse("search")
    client.get(url, {"q": "x"})  # the session is written once
    # session, user, memberships, units replaced, unread notifications; directives, tasks,
    # units, reports
    with django_assert_num_queries(9):
        page = client.get(url, {"q": "lien hiep"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đảng đoàn Liên hiệp các Hội" in text
    assert 'id="search-reports"' in text
    assert 'id="search-tasks"' in text
    empty = client.get(url, {"q": "   "})
    assert 'id="search-nothing"' not in empty.content.decode()
    assert client.post(url, {"q": "x"}).status_code == 405
    client.logout()
    assert client.get(url, {"q": "x"}).status_code == 302


@pytest.mark.django_db
def test_the_admin_search_finds_without_diacritics(admin_client):
    make_unit("lhh", name="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh")
    make_unit("khac", name="Ban Dân vận")
    page = admin_client.get("/quan-tri/units/unit/", {"q": "lien hiep"})
    assert page.status_code == 200
    assert [u.code for u in page.context["cl"].result_list] == ["lhh"]
    page = admin_client.get("/quan-tri/units/unit/", {"q": "Liên HIỆP"})
    assert [u.code for u in page.context["cl"].result_list] == ["lhh"]


@needs_postgresql
@pytest.mark.django_db
def test_postgresql_folds_with_unaccent_and_the_search_uses_the_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_fold(%s)", ["Liên hiệp ĐẢNG trí thức"])
        assert cursor.fetchone()[0] == "lien hiep dang tri thuc"
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = Unit.objects.search("lien hiep").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "units_unit_name_fold_trgm" in plan


@needs_postgresql
@pytest.mark.django_db
def test_postgresql_icu_order_is_the_order_the_sqlite_key_gives():
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT w FROM unnest(%s::text[]) AS w ORDER BY w COLLATE "vi"',
            [sorted(VIETNAMESE_ORDER)],
        )
        assert [row[0] for row in cursor.fetchall()] == VIETNAMESE_ORDER
