"""Two reviewers issue two drafts with the same number at the same instant (PostgreSQL only:
SQLite serialises writers, and its in-memory test database is not shared between threads)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from reports.consolidated.models import ConsolidatedReport
from reports.consolidated.services import consolidated_create, consolidated_issue
from tests.conftest import run_together
from tests.reports.consolidated_data import drawn_on, make_186_period, make_people

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs two real database connections"
    ),
    pytest.mark.usefixtures("english"),
]


def test_the_same_number_issued_twice_at_once_is_given_once(transactional_db, monkeypatch):
    from directives.seed import load_186
    from reports.consolidated import services as services_consolidated

    # The PDF is not what this test is about.
    monkeypatch.setattr(
        services_consolidated, "generate_consolidated_pdf", type("T", (), {"enqueue": print})
    )
    load_186()
    data = make_186_period()
    people = make_people(data["units"])
    drafts = [
        drawn_on(consolidated_create(period=data["period"], user=people["reviewer"]))
        for _ in range(2)
    ]

    def issue(report):
        return lambda: consolidated_issue(
            report=report,
            user=people["signer"],
            number=9,
            issued_on=datetime.date(2021, 12, 28),
            place="Quảng Ngãi",
            signing_authority="K/T TRƯỞNG BAN",
            signer_position="PHÓ TRƯỞNG BAN",
            signer_name="Nguyễn Văn A",
            recipients=["Ban Thường vụ Tỉnh ủy (b/c)"],
        )

    outcomes = run_together(*(issue(d) for d in drafts))

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1, outcomes
    assert "number" in refused[0].message_dict
    assert ConsolidatedReport.objects.filter(number=9).count() == 1
    assert ConsolidatedReport.objects.filter(status="draft").count() == 1


def test_the_same_draft_form_sent_twice_at_once_makes_one_draft(transactional_db):
    import uuid

    from directives.seed import load_186

    load_186()
    data = make_186_period()
    people = make_people(data["units"])
    token = uuid.uuid4()

    outcomes = run_together(
        *(
            lambda: consolidated_create(period=data["period"], user=people["reviewer"], token=token)
            for _ in range(2)
        )
    )

    assert all(isinstance(o, ConsolidatedReport) for o in outcomes), outcomes
    assert outcomes[0].pk == outcomes[1].pk
    assert ConsolidatedReport.objects.filter(period=data["period"]).count() == 1


def test_submit_and_return_sent_twice_at_once_record_one_step_each(transactional_db):
    from directives.seed import load_186
    from reports.consolidated.services import consolidated_return, consolidated_submit

    load_186()
    data = make_186_period()
    people = make_people(data["units"])
    draft = drawn_on(consolidated_create(period=data["period"], user=people["reviewer"]))

    outcomes = run_together(
        *(lambda: consolidated_submit(report=draft, user=people["reviewer"]) for _ in range(2))
    )
    assert all(isinstance(o, ConsolidatedReport) for o in outcomes), outcomes
    outcomes = run_together(
        *(
            lambda: consolidated_return(report=draft, user=people["signer"], comment="Sửa mục I.")
            for _ in range(2)
        )
    )
    assert all(isinstance(o, ConsolidatedReport) for o in outcomes), outcomes
    assert list(draft.signing_steps.values_list("kind", flat=True)) == ["submitted", "returned"]
