"""Integrity rules: each rejected with a clear message, in the database where it can be."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from directives.models import Directive, Task
from tests.conftest import make_unit
from units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def make_directive(issuer, number="1", symbol="CV/TU", **fields) -> Directive:
    defaults = dict(
        slug=f"{number}-{symbol}".lower().replace("/", "-"),
        document_type="CV",
        issuer_heading="TỈNH ỦY QUẢNG NGÃI",
        place="Quảng Ngãi",
        issued_on=date(2021, 1, 4),
        subject="Thử nghiệm",
        monitoring_unit=issuer,
    )
    defaults.update(fields)
    return Directive.objects.create(issuer=issuer, number=number, symbol=symbol, **defaults)


def test_a_duplicate_directive_number_is_rejected_with_a_message():
    tinhuy = make_unit("tinhuy", kind=UnitKind.LEADERSHIP)
    make_directive(tinhuy, "186")
    duplicate = Directive(
        issuer=tinhuy, number="186", symbol="CV/TU", slug="other", document_type="CV",
        issuer_heading="X", place="Quảng Ngãi", issued_on=date(2021, 2, 1), subject="X",
        monitoring_unit=tinhuy,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Cơ quan ban hành đã có văn bản cùng số và ký hiệu này." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert Directive.objects.count() == 1


def test_the_same_number_from_another_issuer_is_allowed():
    make_directive(make_unit("tinhuy", kind=UnitKind.LEADERSHIP), "186")
    make_directive(make_unit("btgtu", kind=UnitKind.ADVISORY_AGENCY), "186", slug="186-btg")
    assert Directive.objects.count() == 2


def test_a_duplicate_task_number_is_rejected_with_a_message():
    directive = make_directive(make_unit("tinhuy", kind=UnitKind.LEADERSHIP))
    Task.objects.create(directive=directive, number="1", position=1, text="Một")
    duplicate = Task(directive=directive, number="1", position=2, text="Hai")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Văn bản này đã có nhiệm vụ mang số này." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert directive.tasks.count() == 1


def test_a_parent_task_from_another_directive_is_rejected():
    tinhuy = make_unit("tinhuy", kind=UnitKind.LEADERSHIP)
    first, second = make_directive(tinhuy, "1"), make_directive(tinhuy, "2")
    parent = Task.objects.create(directive=first, number="3", position=1, text="Mục 3")
    child = Task(directive=second, number="3.1", position=1, text="Mục 3.1", parent=parent)
    with pytest.raises(ValidationError) as error:
        child.full_clean()
    assert "Nhiệm vụ cấp trên phải thuộc cùng văn bản." in str(error.value)
    with pytest.raises(ValidationError):
        child.save()
    assert second.tasks.count() == 0


def test_a_cycle_in_the_unit_hierarchy_is_rejected_with_a_message():
    top = make_unit("top", kind=UnitKind.LEADERSHIP)
    middle = make_unit("middle", parent=top)
    bottom = make_unit("bottom", parent=middle)
    top.parent = bottom
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "Đơn vị cấp trên không thể là chính đơn vị này hoặc một đơn vị trực thuộc nó." in str(
        error.value
    )
    top.refresh_from_db()
    assert top.parent is None


def test_a_unit_cannot_be_its_own_parent_even_outside_forms():
    unit = make_unit("alone")
    unit.parent = unit
    with pytest.raises(ValidationError):
        unit.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        unit.save()


def test_a_unit_cannot_end_before_it_starts():
    unit = Unit(code="u", name="U", short_name="U", kind=UnitKind.DISTRICT_COMMITTEE,
                valid_from=date(2025, 7, 1), valid_to=date(2025, 6, 30))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "Ngày kết thúc không được trước ngày bắt đầu." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        unit.save()
    assert not Unit.objects.exists()


def test_a_merged_unit_keeps_its_predecessors():
    btg = make_unit("btgtu", kind=UnitKind.ADVISORY_AGENCY, valid_to=date(2025, 2, 28))
    bdv = make_unit("bdvtu", kind=UnitKind.ADVISORY_AGENCY, valid_to=date(2025, 2, 28))
    merged = make_unit("btgdvtu", kind=UnitKind.ADVISORY_AGENCY, valid_from=date(2025, 3, 1))
    merged.predecessors.set([btg, bdv])
    assert set(btg.successors.all()) == {merged}
    assert not btg.is_valid_on(date(2025, 3, 1)) and merged.is_valid_on(date(2025, 3, 1))
