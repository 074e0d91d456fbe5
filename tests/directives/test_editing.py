"""The Department edits directives in the app (issue 11 item 4): header, tasks, units,
deadlines, draft and publication, the end of force; only the monitoring unit's staff may;
every change recorded; a task units reported on is never deleted nor detached from its entries."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation

from directives.editing import services
from directives.models import Directive, DirectiveChange, DirectiveStatus, Task, TaskLead
from reports.periods import services as periods
from reports.submissions.models import TaskProgress
from reports.submissions.services import reportable_tasks
from tests.reports.reporting_data import report_of, seed_186_with_period
from units.models import Unit

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def seeded(db):
    directive, period = seed_186_with_period()
    return directive, period


@pytest.fixture
def people(seeded):
    User = get_user_model()
    return {
        name: User.objects.get(username=name)
        for name in ["tuyengiao", "lienhiephoi", "thuongvu", "admin"]
    }


def unit(code):
    return Unit.objects.get(code=code)


HEADER = {
    "document_type": "KH",
    "number": "45",
    "symbol": "KH/TU",
    "issuer_heading": "TỈNH ỦY QUẢNG NGÃI",
    "place": "Quảng Ngãi",
    "issued_on": "15/01/2026",
    "subject": "Thực hiện Nghị quyết 57-NQ/TW về khoa học, công nghệ",
    "preamble": "",
    "signing_authority": "T/M BAN THƯỜNG VỤ",
    "signer_position": "PHÓ BÍ THƯ",
    "signer_name": "Nguyễn Văn A",
}


def header(**changes):
    data = {
        **HEADER,
        "issuer": unit("tinh-uy").pk if Unit.objects.filter(code="tinh-uy").exists() else "",
        "monitoring_unit": unit("btgtu").pk,
    }
    data.update(changes)
    return data


def issuer_pk():
    return Directive.objects.get(slug="186-cv-tu").issuer_id


def make_draft(user):
    return services.directive_create(
        user=user,
        fields={
            **{k: v for k, v in HEADER.items() if k != "issued_on"},
            "issued_on": D(2026, 1, 15),
            "issuer": Unit.objects.get(pk=issuer_pk()),
            "monitoring_unit": unit("btgtu"),
        },
    )


def task_fields(**changes):
    fields = {
        "number": "1",
        "parent": None,
        "marker": Task.Marker.NUMBERED,
        "text": "Quán triệt Nghị quyết",
        "short_title": "",
        "recurring": False,
        "deadline": None,
        "deadline_text": "",
        "deliverable": "",
        "coordination_note": "",
        "lead_units": [unit("dd-lhh")],
        "coordinating_units": [],
        "lead_groups": [],
    }
    fields.update(changes)
    return fields


# ---- access ---------------------------------------------------------------------------------


def test_a_unit_account_is_refused_every_edit_page_in_vietnamese(client, seeded, people):
    directive, _period = seeded
    task = directive.tasks.first()
    client.force_login(people["lienhiephoi"])
    pages = [
        reverse("directive_create"),
        reverse("directive_edit", args=[directive.slug]),
        reverse("directive_tasks_edit", args=[directive.slug]),
        reverse("directive_end", args=[directive.slug]),
        reverse("task_create", args=[directive.slug]),
        reverse("task_edit", args=[directive.slug, task.pk]),
        reverse("task_end", args=[directive.slug, task.pk]),
        reverse("task_replace", args=[directive.slug, task.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Chỉ" in response.text, url
    before = Task.objects.count()
    assert client.post(reverse("task_delete", args=[directive.slug, task.pk])).status_code == 403
    assert client.post(reverse("directive_publish", args=[directive.slug])).status_code == 403
    assert Task.objects.count() == before


def test_the_standing_committee_reads_but_cannot_edit(client, seeded, people):
    directive, _period = seeded
    client.force_login(people["thuongvu"])
    assert client.get(reverse("directive_tasks_edit", args=[directive.slug])).status_code == 403
    assert client.get(reverse("directive_history", args=[directive.slug])).status_code == 200


def test_anonymous_users_are_sent_to_sign_in(client, seeded):
    directive, _period = seeded
    response = client.get(reverse("directive_tasks_edit", args=[directive.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_draft_does_not_exist_for_anyone_but_its_monitoring_unit(client, seeded, people):
    draft = make_draft(people["tuyengiao"])
    client.force_login(people["lienhiephoi"])
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("directive_tasks_edit", args=[draft.slug])).status_code == 404
    assert draft.reference not in client.get(reverse("directive_list")).text
    client.force_login(people["tuyengiao"])
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert draft.reference in client.get(reverse("directive_list")).text


def test_the_edit_pages_answer_only_their_methods(client, seeded, people):
    directive, _period = seeded
    task = directive.tasks.first()
    client.force_login(people["tuyengiao"])
    assert client.get(reverse("directive_publish", args=[directive.slug])).status_code == 405
    assert client.get(reverse("task_move", args=[directive.slug, task.pk])).status_code == 405
    assert client.get(reverse("task_delete", args=[directive.slug, task.pk])).status_code == 405
    assert client.post(reverse("directive_history", args=[directive.slug])).status_code == 405


# ---- creating, publishing -------------------------------------------------------------------


def test_the_department_creates_a_draft_adds_tasks_and_publishes(client, seeded, people):
    client.force_login(people["tuyengiao"])
    response = client.post(reverse("directive_create"), header(issuer=issuer_pk()))
    assert response.status_code == 302, response.context["form"].errors
    draft = Directive.objects.get(number="45", symbol="KH/TU")
    assert draft.status == DirectiveStatus.DRAFT
    assert draft.slug == "45-kh-tu"
    assert draft.issued_on == D(2026, 1, 15)
    add = reverse("task_create", args=[draft.slug])
    lhh, hdnd = unit("dd-lhh"), unit("dd-hdnd")
    response = client.post(
        add,
        {
            "number": "1",
            "marker": "numbered",
            "text": "Quán triệt Nghị quyết 57",
            "recurring": "on",
            "deadline_text": "thường xuyên",
            "lead_units": [lhh.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    response = client.post(
        add,
        {
            "number": "2",
            "marker": "numbered",
            "text": "Xây dựng kế hoạch chuyển đổi số",
            "deadline": "30/06/2026",
            "deadline_text": "trước ngày 30/6/2026",
            "deliverable": "Kế hoạch",
            "lead_units": [hdnd.pk],
            "coordinating_units": [lhh.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    one, two = draft.tasks.order_by("position")
    assert (one.number, one.recurring, one.deadline) == ("1", True, None)
    assert (two.deadline, two.deliverable) == (D(2026, 6, 30), "Kế hoạch")
    assert list(two.lead_units.all()) == [hdnd]
    assert list(two.coordinating_units.all()) == [lhh]
    assert client.post(reverse("directive_publish", args=[draft.slug])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == DirectiveStatus.PUBLISHED
    actions = list(draft.changes.order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["created", "task_added", "task_added", "published"]


def test_a_draft_with_no_task_cannot_be_published(seeded, people):
    draft = make_draft(people["tuyengiao"])
    with pytest.raises(ValidationError):
        services.directive_publish(directive=draft, user=people["tuyengiao"])
    draft.refresh_from_db()
    assert draft.is_draft


def test_an_ongoing_task_with_a_date_is_refused_with_a_message(client, seeded, people):
    draft = make_draft(people["tuyengiao"])
    client.force_login(people["tuyengiao"])
    response = client.post(
        reverse("task_create", args=[draft.slug]),
        {
            "number": "1",
            "marker": "numbered",
            "text": "X",
            "recurring": "on",
            "deadline": "30/06/2026",
        },
    )
    assert response.status_code == 400
    assert not draft.tasks.exists()


def test_the_same_number_twice_is_refused(seeded, people):
    directive, _period = seeded
    with pytest.raises(ValidationError) as refused:
        services.task_add(
            directive=directive, user=people["tuyengiao"], fields=task_fields(number="1")
        )
    assert "number" in refused.value.message_dict


def test_no_period_asks_for_a_draft(seeded, people):
    draft = make_draft(people["tuyengiao"])
    services.task_add(directive=draft, user=people["tuyengiao"], fields=task_fields())
    with pytest.raises(ValidationError):
        periods.period_open(
            directive=draft,
            name="Năm 2026",
            starts_on=D(2026, 1, 1),
            ends_on=D(2026, 12, 31),
            due_on=D(2026, 12, 15),
            units=[unit("dd-lhh")],
            user=people["tuyengiao"],
        )


# ---- changes and their history ----------------------------------------------------------------


def test_a_header_change_is_recorded_field_by_field(client, seeded, people):
    directive, _period = seeded
    client.force_login(people["tuyengiao"])
    data = {
        "document_type": directive.document_type,
        "number": directive.number,
        "symbol": directive.symbol,
        "issuer": directive.issuer_id,
        "issuer_heading": directive.issuer_heading,
        "place": directive.place,
        "issued_on": "05/01/2021",
        "subject": directive.subject,
        "preamble": directive.preamble,
        "signing_authority": directive.signing_authority,
        "signer_position": directive.signer_position,
        "signer_name": directive.signer_name,
        "monitoring_unit": directive.monitoring_unit_id,
    }
    response = client.post(reverse("directive_edit", args=[directive.slug]), data)
    assert response.status_code == 302, response.context["form"].errors
    directive.refresh_from_db()
    assert directive.issued_on == D(2021, 1, 5)
    change = directive.changes.get()
    assert change.user == people["tuyengiao"]
    assert change.changes == [{"field": "issued_on", "old": "04/01/2021", "new": "05/01/2021"}]
    with translation.override("vi"):
        page = client.get(reverse("directive_history", args=[directive.slug]))
    assert "04/01/2021" in page.text and "05/01/2021" in page.text


def test_the_history_page_costs_the_same_however_many_changes(
    client, seeded, people, django_assert_num_queries
):
    directive, _period = seeded
    task = directive.tasks.get(number="1")
    for deadline in (D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)):
        services.task_update(task=task, user=people["tuyengiao"], fields={"deadline": deadline})
    client.force_login(people["tuyengiao"])
    # session, user, memberships (with "monitors"), the directive, its changes with their
    # users and tasks, the unread notifications of the top bar.
    with django_assert_num_queries(6):
        response = client.get(reverse("directive_history", args=[directive.slug]))
    assert response.status_code == 200
    assert response.text.count("30/09/2026") == 2  # new value once, old value once


def test_the_task_page_costs_the_same_however_many_tasks(
    client, seeded, people, django_assert_num_queries
):
    directive, _period = seeded
    client.force_login(people["tuyengiao"])
    # session, user, memberships, the directive, the tasks, their leads, coordinators, groups,
    # what they replace, which tasks have entries, the unread notifications of the top bar.
    with django_assert_num_queries(11):
        response = client.get(reverse("directive_tasks_edit", args=[directive.slug]))
    assert response.status_code == 200


def test_editing_a_deadline_keeps_the_entries_and_records_old_and_new(seeded, people):
    directive, period = seeded
    report = report_of(period, "dd-lhh")
    task = directive.tasks.get(number="4.1")
    entry = report.entries.get(task=task)
    services.task_update(
        task=task,
        user=people["tuyengiao"],
        fields={"deadline": D(2026, 6, 30), "deadline_text": "trước ngày 30/6/2026"},
    )
    entry.refresh_from_db()
    assert entry.task_id == task.pk
    change = DirectiveChange.objects.get(task=task)
    assert {"field": "deadline", "old": "", "new": "30/06/2026"} in change.changes


# ---- tasks with entries -------------------------------------------------------------------------


def test_a_task_with_entries_is_never_deleted(client, seeded, people):
    directive, period = seeded
    report_of(period, "dd-lhh")
    task = directive.tasks.get(number="4.1")
    client.force_login(people["tuyengiao"])
    response = client.post(reverse("task_delete", args=[directive.slug, task.pk]), follow=True)
    assert Task.objects.filter(pk=task.pk).exists()
    assert "không thể xoá" in response.text or "không thể xóa" in response.text
    # The database refuses it too, whoever asks.
    with pytest.raises(ProtectedError):
        task.delete()


def test_a_task_without_entries_can_be_deleted_and_stays_in_the_history(seeded, people):
    directive, _period = seeded
    task = services.task_add(
        directive=directive, user=people["tuyengiao"], fields=task_fields(number="9")
    )
    services.task_delete(task=task, user=people["tuyengiao"])
    assert not Task.objects.filter(pk=task.pk).exists()
    change = directive.changes.get(action="task_deleted")
    assert change.task_number == "9"


def test_renumbering_a_task_with_entries_needs_confirmation(seeded, people):
    directive, period = seeded
    report_of(period, "dd-lhh")
    task = directive.tasks.get(number="4.1")
    with pytest.raises(ValidationError):
        services.task_update(task=task, user=people["tuyengiao"], fields={"number": "4.9"})
    task.refresh_from_db()
    assert task.number == "4.1"
    services.task_update(
        task=task, user=people["tuyengiao"], fields={"number": "4.9"}, renumber_confirmed=True
    )
    task.refresh_from_db()
    assert task.number == "4.9"
    assert TaskProgress.objects.filter(task=task).count() == 1


def test_splitting_a_task_ends_it_and_the_new_ones_carry_it_on(seeded, people):
    directive, period = seeded
    report = report_of(period, "dd-lhh")
    task = directive.tasks.get(number="4.1")
    created = services.task_replace(
        task=task,
        user=people["tuyengiao"],
        ends_from=D(2027, 1, 1),
        parts=[{"number": "4.1", "text": "Phần một"}, {"number": "4.1b", "text": "Phần hai"}],
    )
    task.refresh_from_db()
    assert task.in_force_until == D(2026, 12, 31)
    assert task.number == "4.1"
    assert report.entries.filter(task=task).exists()
    assert [t.number for t in created] == ["4.1", "4.1b"]
    for new in created:
        assert list(new.replaces.all()) == [task]
        assert list(new.lead_units.all()) == [unit("dd-lhh")]
    # In document order: right after the old task.
    order = list(directive.tasks.order_by("position").values_list("pk", flat=True))
    assert order[order.index(task.pk) + 1 : order.index(task.pk) + 3] == [c.pk for c in created]
    # The current period still asks for the old task; the next one asks for the new ones.
    asked_now = {t.pk for t in reportable_tasks(period=period, unit=unit("dd-lhh"))}
    assert task.pk in asked_now and created[0].pk not in asked_now
    nxt = periods.period_open(
        directive=directive,
        name="Năm 2027",
        starts_on=D(2027, 1, 1),
        ends_on=D(2027, 12, 31),
        due_on=D(2027, 12, 15),
        units=[unit("dd-lhh")],
        user=people["tuyengiao"],
    )
    asked_next = {t.pk for t in reportable_tasks(period=nxt, unit=unit("dd-lhh"))}
    assert task.pk not in asked_next and {c.pk for c in created} <= asked_next


def test_moving_a_task_down_takes_its_sub_tasks_with_it(seeded, people):
    directive, _period = seeded
    three = directive.tasks.get(number="3")
    services.task_move(task=three, user=people["tuyengiao"], up=False)
    numbers = list(directive.tasks.order_by("position").values_list("number", flat=True))
    assert numbers.index("4") < numbers.index("3") < numbers.index("3.1")
    assert numbers.index("3.3") == numbers.index("3.1") + 2


def test_a_unit_removed_from_a_task_it_reported_on_keeps_its_row_ended(seeded, people):
    directive, period = seeded
    report_of(period, "dd-lhh")
    task = directive.tasks.get(number="4.1")
    services.task_update(
        task=task, user=people["tuyengiao"], fields={"lead_units": [unit("dd-hdnd")]}
    )
    row = TaskLead.objects.get(task=task, unit=unit("dd-lhh"))
    assert row.valid_to is not None
    assert TaskLead.objects.get(task=task, unit=unit("dd-hdnd")).valid_to is None


# ---- no longer in force -------------------------------------------------------------------------


def test_a_directive_no_longer_in_force_gets_no_new_period(client, seeded, people):
    directive, _period = seeded
    client.force_login(people["tuyengiao"])
    response = client.post(
        reverse("directive_end", args=[directive.slug]), {"no_longer_in_force_from": "01/01/2027"}
    )
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.in_force_until == D(2026, 12, 31)
    with pytest.raises(ValidationError) as refused:
        periods.period_open(
            directive=directive,
            name="Năm 2027",
            starts_on=D(2027, 1, 1),
            ends_on=D(2027, 12, 31),
            due_on=D(2027, 12, 15),
            units=[unit("dd-lhh")],
            user=people["tuyengiao"],
        )
    assert "starts_on" in refused.value.message_dict
    assert directive.changes.get().action == "in_force"


def test_a_draft_appears_on_no_page_of_the_units_it_assigns(client, seeded, people):
    draft = make_draft(people["tuyengiao"])
    services.task_add(
        directive=draft,
        user=people["tuyengiao"],
        fields=task_fields(text="Nhiệm vụ của bản nháp chưa ban hành"),
    )
    client.force_login(people["lienhiephoi"])
    for url in [reverse("unit_detail", args=["dd-lhh"]), reverse("consolidated_index")]:
        page = client.get(url)
        assert page.status_code == 200
        assert "Nhiệm vụ của bản nháp" not in page.text and draft.reference not in page.text
    services.directive_publish(directive=draft, user=people["tuyengiao"])
    page = client.get(reverse("unit_detail", args=["dd-lhh"]))
    assert "Nhiệm vụ của bản nháp" in page.text


def test_the_daily_run_opens_no_period_after_the_directive_ends(seeded, people):
    directive, period = seeded
    period.recurring = True
    period.save()
    services.directive_set_end(
        directive=directive, user=people["tuyengiao"], no_longer_in_force_from=D(2027, 1, 1)
    )
    assert periods.periods_open_next(today=D(2027, 1, 2)) == []
    assert directive.periods.count() == 1


def test_a_unit_id_past_the_integer_range_is_an_invalid_choice(client, seeded, people):
    directive, _period = seeded
    task = directive.tasks.get(number="1")
    client.force_login(people["tuyengiao"])
    response = client.post(
        reverse("task_edit", args=[directive.slug, task.pk]),
        {"number": "1", "marker": "numbered", "text": task.text, "lead_units": "9" * 40},
    )
    assert response.status_code == 400
    assert "lead_units" in response.context["form"].errors
