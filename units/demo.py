"""Demo accounts, one per role, all with the password "demo". Never for production."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from .models import Membership, MembershipRole, Unit

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
