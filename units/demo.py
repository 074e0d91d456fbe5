"""Demo accounts, one per role, all with the password "demo". Never for production."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from .models import Membership, MembershipRole, Unit, UnitKind

DEMO_PASSWORD = "demo"

# username -> (full name, unit code, role); admin is a superuser with no unit.
DEMO_ACCOUNTS = {
    "tuyengiao": ("Nguyễn Thị Tuyên", "btgtu", MembershipRole.STAFF),
    # The deputy head who signs the Department's documents (trình ký).
    "phobantg": ("Đặng Văn Thành", "btgtu", MembershipRole.SIGNER),
    "thuongvu": ("Trần Văn Vụ", "btvtu", MembershipRole.LEADER),
    "lienhiephoi": ("Lê Minh Hội", "dd-lhh", MembershipRole.STAFF),
    "hdnd": ("Phạm Thị Hòa", "dd-hdnd", MembershipRole.STAFF),
    "ubnd": ("Võ Văn Bình", "bcsd-ubnd", MembershipRole.STAFF),
    "binhson": ("Huỳnh Thị Sơn", "binhson", MembershipRole.STAFF),
}


# Keep the units' accounts (units.access.manages_accounts).
DEMO_ACCOUNT_MANAGERS = ["tuyengiao"]


@transaction.atomic
def create_demo_accounts() -> list[str]:
    User = get_user_model()
    admin, _ = User.objects.update_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "first_name": "Quản trị"},
    )
    _set_demo_password(admin)
    for username, (full_name, unit_code, role) in DEMO_ACCOUNTS.items():
        last, _, first = full_name.rpartition(" ")
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.vn"},
        )
        _set_demo_password(user)
        Membership.objects.update_or_create(
            user=user, unit=Unit.objects.get(code=unit_code), defaults={"role": role}
        )
    manage = Permission.objects.get(content_type__app_label="units", codename="manage_accounts")
    for user in User.objects.filter(username__in=DEMO_ACCOUNT_MANAGERS):
        user.user_permissions.add(manage)
    return ["admin", *DEMO_ACCOUNTS]


def _set_demo_password(user) -> None:
    # A new hash on every run would make `load_demo` change the database each time it runs.
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])


# ---- the 2025 reorganisation, applied to the demo through the registry's own services --------

CENTRAL_MERGER = datetime.date(2025, 2, 3)
# Quảng Ngãi's departments merged in February-March 2025 (party-document-format.md); the
# demo's day for it is 01/03/2025.
PROVINCIAL_MERGER = datetime.date(2025, 3, 1)
TWO_TIER = datetime.date(2025, 7, 1)  # the district level ends; Kon Tum joins Quảng Ngãi

INVENTED = (
    "Đơn vị minh họa do dữ liệu demo đặt ra (không phải tên thật): kế thừa nhiệm vụ của "
    "{unit} khi cấp huyện kết thúc hoạt động. Trên thực tế địa bàn một huyện chuyển cho nhiều "
    "đảng bộ xã, phường."
)

# District committee -> (code, name) of the commune-level committee the demo invents to carry
# its work on; the name says "(minh họa)" wherever it is printed.
DISTRICT_SUCCESSORS = {
    "tp-quangngai": ("phuong-quangngai", "Đảng ủy phường Quảng Ngãi (minh họa)"),
    "tx-ducpho": ("phuong-ducpho", "Đảng ủy phường Đức Phổ (minh họa)"),
    "binhson": ("xa-binhson", "Đảng ủy xã Bình Sơn (minh họa)"),
    "sontinh": ("xa-sontinh", "Đảng ủy xã Sơn Tịnh (minh họa)"),
    "tunghia": ("xa-tunghia", "Đảng ủy xã Tư Nghĩa (minh họa)"),
    "nghiahanh": ("xa-nghiahanh", "Đảng ủy xã Nghĩa Hành (minh họa)"),
    "moduc": ("xa-moduc", "Đảng ủy xã Mộ Đức (minh họa)"),
    "minhlong": ("xa-minhlong", "Đảng ủy xã Minh Long (minh họa)"),
    "bato": ("xa-bato", "Đảng ủy xã Ba Tơ (minh họa)"),
    "sonha": ("xa-sonha", "Đảng ủy xã Sơn Hà (minh họa)"),
    "sontay": ("xa-sontay", "Đảng ủy xã Sơn Tây (minh họa)"),
    "trabong": ("xa-trabong", "Đảng ủy xã Trà Bồng (minh họa)"),
    "lyson": ("dackhu-lyson", "Đảng ủy đặc khu Lý Sơn (minh họa)"),
}


def successor_code(code: str) -> str:
    """The demo unit that carries `code`'s work on after the reorganisation (itself if none)."""
    if code in ("btgtu", "bdvtu"):
        return "btgdvtu"
    return DISTRICT_SUCCESSORS.get(code, (code,))[0]


@transaction.atomic
def apply_demo_reform() -> list[str]:
    """Record the 2025 reorganisation in the demo (idempotent: an event already recorded is
    not recorded again). Returns what was recorded."""
    from .services import NewUnit, unit_end, unit_merge, unit_rename

    done = []
    admin = get_user_model().objects.filter(username="admin").first()
    units = {u.code: u for u in Unit.objects.all()}
    btgtw = units["btgtw"]
    if not btgtw.former_names.exists():
        unit_rename(
            unit=btgtw,
            name="Ban Tuyên giáo và Dân vận Trung ương",
            short_name="Ban Tuyên giáo và Dân vận Trung ương",
            symbol="BTGDVTW",
            effective_on=CENTRAL_MERGER,
            decision="Quyết định của Bộ Chính trị hợp nhất Ban Tuyên giáo Trung ương và Ban Dân "
            "vận Trung ương",
            note="Ghi nhận như một lần đổi tên: Ban Dân vận Trung ương không có trong danh mục.",
            recorded_by=admin,
        )
        done.append("Ban Tuyên giáo và Dân vận Trung ương")
    if "btgdvtu" not in units:
        btgtu = units["btgtu"]
        merged = unit_merge(
            units=[btgtu, units["bdvtu"]],
            into=NewUnit(
                code="btgdvtu",
                name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
                short_name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
                symbol="BTGDVTU",
                kind=UnitKind.ADVISORY_AGENCY,
                parent=units["tinhuy"],
            ),
            effective_on=PROVINCIAL_MERGER,
            move_memberships=True,
            decision="Quyết định của Ban Thường vụ Tỉnh ủy thành lập Ban Tuyên giáo và Dân vận "
            "Tỉnh ủy",
            note="Ngày hiệu lực là ngày của dữ liệu minh họa.",
            recorded_by=admin,
        )
        Unit.objects.filter(pk__in=merged.successors.all()).update(position=btgtu.position)
        done.append("Ban Tuyên giáo và Dân vận Tỉnh ủy")
    for code, (new_code, name) in DISTRICT_SUCCESSORS.items():
        district = units.get(code)
        if district is None or district.valid_to is not None:
            continue
        successor, _ = Unit.objects.get_or_create(
            code=new_code,
            defaults={
                "name": name,
                "short_name": name.removesuffix(" (minh họa)"),
                "symbol": "ĐU",
                "kind": UnitKind.DIRECT_COMMITTEE,
                "parent": units["tinhuy"],
                "position": 100 + district.position,
                "valid_from": TWO_TIER,
            },
        )
        unit_end(
            unit=district,
            effective_on=TWO_TIER,
            successor=successor,
            move_memberships=True,
            decision="Kết thúc hoạt động của cấp huyện (chính quyền địa phương hai cấp)",
            note=INVENTED.format(unit=district.name),
            recorded_by=admin,
        )
        done.append(district.name)
    kontum, _ = Unit.objects.get_or_create(
        code="tinhuy-kontum",
        defaults={
            "name": "Tỉnh ủy Kon Tum",
            "short_name": "Tỉnh ủy Kon Tum",
            "symbol": "TU",
            "kind": UnitKind.LEADERSHIP,
            "position": 1,
        },
    )
    if kontum.valid_to is None:
        unit_end(
            unit=kontum,
            effective_on=TWO_TIER,
            successor=units["tinhuy"],
            decision="Nghị quyết 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh",
            note="Tỉnh Kon Tum và tỉnh Quảng Ngãi hợp nhất thành tỉnh Quảng Ngãi mới; Đại hội "
            "Đảng bộ tỉnh lần thứ I (nhiệm kỳ 2025-2030) họp ngày 11/09/2025.",
            recorded_by=admin,
        )
        done.append("Tỉnh ủy Kon Tum")
    return done
