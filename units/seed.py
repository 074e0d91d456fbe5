"""The units of Quảng Ngãi as of 2021 that the "Kính gửi" of 186-CV/TU reaches, and their groups.

Loading is idempotent: units are matched on their code, and a second run changes nothing.
"""

from django.db import transaction

from .models import Unit, UnitGroup, UnitKind, UnitName

K = UnitKind

# (code, full name, short name, symbol, kind, parent code)
UNITS: list[tuple[str, str, str, str, str, str | None]] = [
    ("tinhuy", "Tỉnh ủy Quảng Ngãi", "Tỉnh ủy", "TU", K.LEADERSHIP, None),
    ("btvtu", "Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", "TU", K.LEADERSHIP, "tinhuy"),
    ("tttu", "Thường trực Tỉnh ủy", "Thường trực Tỉnh ủy", "TU", K.LEADERSHIP, "tinhuy"),
    ("bct", "Bộ Chính trị", "Bộ Chính trị", "TW", K.CENTRAL, None),
    ("bbt", "Ban Bí thư Trung ương Đảng", "Ban Bí thư", "TW", K.CENTRAL, None),
    ("btgtw", "Ban Tuyên giáo Trung ương", "Ban Tuyên giáo Trung ương", "BTGTW", K.CENTRAL, None),
    ("vptw", "Văn phòng Trung ương Đảng", "Văn phòng Trung ương Đảng", "VPTW", K.CENTRAL, None),
    # Các ban cán sự đảng, đảng đoàn named by the tasks
    (
        "dd-hdnd",
        "Đảng đoàn Hội đồng nhân dân tỉnh",
        "Đảng đoàn HĐND tỉnh",
        "ĐĐ",
        K.PARTY_DELEGATION,
        "tinhuy",
    ),
    (
        "bcsd-ubnd",
        "Ban Cán sự đảng Ủy ban nhân dân tỉnh",
        "Ban cán sự đảng UBND tỉnh",
        "BCSĐ",
        K.PARTY_AFFAIRS_COMMITTEE,
        "tinhuy",
    ),
    (
        "dd-lhh",
        "Đảng đoàn Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
        "Liên hiệp các Hội KH&KT tỉnh",
        "ĐĐ",
        K.PARTY_DELEGATION,
        "tinhuy",
    ),
    # Các cơ quan chuyên trách tham mưu, giúp việc Tỉnh ủy
    ("vptu", "Văn phòng Tỉnh ủy", "Văn phòng Tỉnh ủy", "VPTU", K.ADVISORY_AGENCY, "tinhuy"),
    ("btctu", "Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "BTCTU", K.ADVISORY_AGENCY, "tinhuy"),
    (
        "btgtu",
        "Ban Tuyên giáo Tỉnh ủy",
        "Ban Tuyên giáo Tỉnh ủy",
        "BTGTU",
        K.ADVISORY_AGENCY,
        "tinhuy",
    ),
    ("bdvtu", "Ban Dân vận Tỉnh ủy", "Ban Dân vận Tỉnh ủy", "BDVTU", K.ADVISORY_AGENCY, "tinhuy"),
    (
        "bnctu",
        "Ban Nội chính Tỉnh ủy",
        "Ban Nội chính Tỉnh ủy",
        "BNCTU",
        K.ADVISORY_AGENCY,
        "tinhuy",
    ),
    (
        "ubkttu",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "UBKTTU",
        K.ADVISORY_AGENCY,
        "tinhuy",
    ),
    # MTTQ và các tổ chức chính trị - xã hội tỉnh
    (
        "mttq",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Ủy ban MTTQ Việt Nam tỉnh",
        "MTTQ",
        K.FRONT_ORGANISATION,
        None,
    ),
    (
        "ldld",
        "Liên đoàn Lao động tỉnh",
        "Liên đoàn Lao động tỉnh",
        "LĐLĐ",
        K.FRONT_ORGANISATION,
        None,
    ),
    ("tinhdoan", "Tỉnh đoàn Quảng Ngãi", "Tỉnh đoàn", "TĐTN", K.FRONT_ORGANISATION, None),
    ("hlhpn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh", "HLHPN", K.FRONT_ORGANISATION, None),
    ("hnd", "Hội Nông dân tỉnh", "Hội Nông dân tỉnh", "HND", K.FRONT_ORGANISATION, None),
    ("hccb", "Hội Cựu chiến binh tỉnh", "Hội CCB tỉnh", "HCCB", K.FRONT_ORGANISATION, None),
    # Ban Thường vụ các huyện, thị ủy, thành ủy (13 in 2021)
    (
        "tp-quangngai",
        "Thành ủy Quảng Ngãi",
        "Thành ủy Quảng Ngãi",
        "TU",
        K.DISTRICT_COMMITTEE,
        "tinhuy",
    ),
    ("tx-ducpho", "Thị ủy Đức Phổ", "Thị ủy Đức Phổ", "TU", K.DISTRICT_COMMITTEE, "tinhuy"),
    ("binhson", "Huyện ủy Bình Sơn", "Huyện ủy Bình Sơn", "HU", K.DISTRICT_COMMITTEE, "tinhuy"),
    ("sontinh", "Huyện ủy Sơn Tịnh", "Huyện ủy Sơn Tịnh", "HU", K.DISTRICT_COMMITTEE, "tinhuy"),
    ("tunghia", "Huyện ủy Tư Nghĩa", "Huyện ủy Tư Nghĩa", "HU", K.DISTRICT_COMMITTEE, "tinhuy"),
    (
        "nghiahanh",
        "Huyện ủy Nghĩa Hành",
        "Huyện ủy Nghĩa Hành",
        "HU",
        K.DISTRICT_COMMITTEE,
        "tinhuy",
    ),
    ("moduc", "Huyện ủy Mộ Đức", "Huyện ủy Mộ Đức", "HU", K.DISTRICT_COMMITTEE, "tinhuy"),
    ("minhlong", "Huyện ủy Minh Long", "Huyện ủy Minh Long", "HU", K.DISTRICT_COMMITTEE, "tinhuy"),
    ("bato", "Huyện ủy Ba Tơ", "Huyện ủy Ba Tơ", "HU", K.DISTRICT_COMMITTEE, "tinhuy"),
    ("sonha", "Huyện ủy Sơn Hà", "Huyện ủy Sơn Hà", "HU", K.DISTRICT_COMMITTEE, "tinhuy"),
    ("sontay", "Huyện ủy Sơn Tây", "Huyện ủy Sơn Tây", "HU", K.DISTRICT_COMMITTEE, "tinhuy"),
    ("trabong", "Huyện ủy Trà Bồng", "Huyện ủy Trà Bồng", "HU", K.DISTRICT_COMMITTEE, "tinhuy"),
    ("lyson", "Huyện ủy Lý Sơn", "Huyện ủy Lý Sơn", "HU", K.DISTRICT_COMMITTEE, "tinhuy"),
    # Đảng ủy trực thuộc Tỉnh ủy
    (
        "duk-coquan",
        "Đảng ủy Khối các cơ quan tỉnh",
        "Đảng ủy Khối các cơ quan tỉnh",
        "ĐUK",
        K.DIRECT_COMMITTEE,
        "tinhuy",
    ),
    (
        "duk-doanhnghiep",
        "Đảng ủy Khối Doanh nghiệp tỉnh",
        "Đảng ủy Khối Doanh nghiệp tỉnh",
        "ĐUK",
        K.DIRECT_COMMITTEE,
        "tinhuy",
    ),
    (
        "du-quansu",
        "Đảng ủy Quân sự tỉnh",
        "Đảng ủy Quân sự tỉnh",
        "ĐU",
        K.DIRECT_COMMITTEE,
        "tinhuy",
    ),
    (
        "du-congan",
        "Đảng ủy Công an tỉnh",
        "Đảng ủy Công an tỉnh",
        "ĐU",
        K.DIRECT_COMMITTEE,
        "tinhuy",
    ),
    (
        "du-bienphong",
        "Đảng ủy Bộ đội Biên phòng tỉnh",
        "Đảng ủy BĐBP tỉnh",
        "ĐU",
        K.DIRECT_COMMITTEE,
        "tinhuy",
    ),
]

_PARTY_GROUPS = [K.PARTY_AFFAIRS_COMMITTEE, K.PARTY_DELEGATION]

# (code, name, kinds whose units it holds)
GROUPS: list[tuple[str, str, list[str]]] = [
    ("bcsd-dang-doan", "Các ban cán sự đảng, đảng đoàn", _PARTY_GROUPS),
    (
        "co-quan-tham-muu",
        "Các cơ quan chuyên trách tham mưu, giúp việc Tỉnh ủy",
        [K.ADVISORY_AGENCY],
    ),
    ("mttq-doan-the", "MTTQ và các tổ chức chính trị - xã hội tỉnh", [K.FRONT_ORGANISATION]),
    ("huyen-thi-thanh-uy", "Các huyện ủy, thị ủy, thành ủy", [K.DISTRICT_COMMITTEE]),
    ("dang-uy-truc-thuoc", "Các đảng ủy trực thuộc Tỉnh ủy", [K.DIRECT_COMMITTEE]),
    (
        "cap-uy-truc-thuoc",
        "Ban Thường vụ các huyện, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
        [K.DISTRICT_COMMITTEE, K.DIRECT_COMMITTEE],
    ),
    (
        "nhan-186-cv-tu",
        "Các đơn vị nhận Công văn 186-CV/TU",
        [
            *_PARTY_GROUPS,
            K.ADVISORY_AGENCY,
            K.FRONT_ORGANISATION,
            K.DISTRICT_COMMITTEE,
            K.DIRECT_COMMITTEE,
        ],
    ),
]


@transaction.atomic
def load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    renamed = set(UnitName.objects.values_list("unit__code", flat=True))
    for position, (code, name, short_name, symbol, kind, parent_code) in enumerate(UNITS):
        fields = {
            "kind": kind,
            "parent": units[parent_code] if parent_code else None,
            "position": position,
        }
        names = {"name": name, "short_name": short_name, "symbol": symbol}
        # A unit renamed since (the registry's event) keeps its present name.
        units[code], _ = Unit.objects.update_or_create(
            code=code,
            defaults=fields if code in renamed else {**fields, **names},
            create_defaults={**fields, **names},
        )
    for code, name, kinds in GROUPS:
        group, _ = UnitGroup.objects.update_or_create(code=code, defaults={"name": name})
        # Added, never set: the successors of a reorganisation joined the groups.
        group.units.add(*[u for u in units.values() if u.kind in kinds])
    return units
