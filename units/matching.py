"""Which registry unit a name written in a directive means.

A name is compared with each unit's full name, short name, symbol (when no other unit in force
shares it) and aliases, as they were on the document's date, after folding: no diacritics, lower
case, the usual abbreviations spelled out ("UBND" is "Ủy ban nhân dân", "KH&KT" is "Khoa học và
Kỹ thuật"). An exact folded match wins; otherwise rapidfuzz's closest name above the threshold,
ties broken by the registry's order, so the same text always gives the same unit. Only units in
force on the document's date are candidates. A name matching nothing is returned unmatched, as
written, for the Department to link by hand.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from rapidfuzz import fuzz, process

from documents.reading.fold import fold

from .models import Unit, UnitGroup, UnitName

# Folded abbreviation -> folded words.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "ub": "uy ban",
    "kh&kt": "khoa hoc va ky thuat",
    "khkt": "khoa hoc va ky thuat",
    "btv": "ban thuong vu",
    "bcs": "ban can su",
    "bcsd": "ban can su dang",
    "tw": "trung uong",
    "lhpn": "lien hiep phu nu",
    "ccb": "cuu chien binh",
    "ldld": "lien doan lao dong",
    "bdbp": "bo doi bien phong",
    "tncs": "thanh nien cong san",
    "vptu": "van phong tinh uy",
    "btgtu": "ban tuyen giao tinh uy",
    "btctu": "ban to chuc tinh uy",
    "bdvtu": "ban dan van tinh uy",
    "ubkt": "uy ban kiem tra",
    "lhh": "lien hiep cac hoi",
    "tp": "thanh pho",
    "tx": "thi xa",
    "vn": "viet nam",
}
# Names that say "whoever it concerns": kept as worded, never a unit.
GENERAL = (
    "cac co quan lien quan",
    "cac don vi lien quan",
    "cac co quan, don vi lien quan",
    "cac co quan, don vi",
    "cac dia phuong",
    "cac co quan, dia phuong",
    "cac nganh lien quan",
    "cac so, nganh lien quan",
    "cac so, ban, nganh",
    "cac nganh",
)
THRESHOLD = 88


def key(name: str) -> str:
    """The folded form names are compared in: "UBND tỉnh" -> "uy ban nhan dan tinh"."""
    folded = fold(name)
    words: list[str] = []
    word = ""
    for char in folded + " ":
        if char.isalnum() or char == "&":
            word += char
            continue
        if word:
            words.append(ABBREVIATIONS.get(word, word))
            word = ""
    # "TU" is "Tỉnh ủy" only as the last word ("giúp việc TU"): "Tư Nghĩa" folds to "tu" too.
    if len(words) > 1 and words[-1] == "tu":
        words[-1] = "tinh uy"
    return " ".join(words)


def is_general(name: str) -> bool:
    folded = " ".join(fold(name).strip(" ,.;").split())
    return folded in GENERAL or folded.endswith(" lien quan")


def is_every_addressee(name: str) -> bool:
    """ "Cấp ủy, tổ chức đảng, chính quyền, đoàn thể các cấp": the text speaks to all it is
    addressed to."""
    folded = fold(name)
    return folded.startswith(("cap uy", "cac cap uy")) or folded.endswith("cac cap")


@dataclass
class Link:
    written: str
    unit: Unit | None = None
    group: UnitGroup | None = None
    score: float = 0.0

    @property
    def matched(self) -> bool:
        return self.unit is not None or self.group is not None


class UnitMatcher:
    def __init__(self, day: datetime.date, *, threshold: float = THRESHOLD):
        self.day = day
        self.threshold = threshold
        units = list(
            Unit.objects.valid_on(day).prefetch_related(
                Prefetch("former_names", queryset=UnitName.objects.order_by("valid_until"))
            )
        )
        self.units = units
        self.groups = list(UnitGroup.objects.prefetch_related("units").order_by("name", "code"))
        symbols: dict[str, int] = {}
        for unit in units:
            symbols[key(unit.symbol_on(day))] = symbols.get(key(unit.symbol_on(day)), 0) + 1
        # (folded name, unit or group); registry order decides ties.
        self.names: list[tuple[str, Unit | UnitGroup]] = []
        for unit in units:
            names = [unit.name_on(day), unit.short_name_on(day), *unit.aliases.splitlines()]
            symbol = unit.symbol_on(day)
            if symbol and symbols[key(symbol)] == 1:
                names.append(symbol)
            for name in names:
                if name.strip():
                    self.names.append((key(name), unit))
        for group in self.groups:
            self.names.append((key(group.name), group))
        self.exact: dict[str, Unit | UnitGroup] = {}
        for folded, target in self.names:
            self.exact.setdefault(folded, target)
        self.choices = [folded for folded, _target in self.names]

    def _link(self, written: str, target, score: float) -> Link:
        if isinstance(target, UnitGroup):
            return Link(written, group=target, score=score)
        return Link(written, unit=target, score=score)

    def match(self, name: str) -> Link:
        written = name.strip(" ,.;:")
        folded = key(written)
        if not folded:
            return Link(written)
        if folded in self.exact:
            return self._link(written, self.exact[folded], 100.0)
        found = process.extract(
            folded, self.choices, scorer=fuzz.ratio, score_cutoff=self.threshold, limit=5
        )
        if not found:
            return Link(written)
        # Highest score first; among equals the earliest in the registry's order.
        _choice, score, index = min(found, key=lambda f: (-f[1], f[2]))
        return self._link(written, self.names[index][1], score)

    def match_phrase(self, phrase: str) -> list[Link]:
        """Every unit a phrase names: "Ban Tuyên giáo Tỉnh ủy, Ban Dân vận Tỉnh ủy và Ủy ban
        MTTQ tỉnh" gives three. The whole phrase is tried first, then the longest runs of its
        comma- or "và"-separated parts that name a unit, so that "Liên hiệp các Hội Khoa học
        và Kỹ thuật tỉnh" stays one name."""
        phrase = phrase.strip(" ,.;:")
        if not phrase:
            return []
        whole = self.match(phrase)
        if whole.matched:
            return [whole]
        parts = _parts(phrase)
        links: list[Link] = []
        i = 0
        while i < len(parts):
            for j in range(len(parts), i, -1):
                candidate = _rejoin(parts[i:j])
                link = self.match(candidate)
                if link.matched or j == i + 1:
                    sep = parts[i][0]
                    if not link.matched and links and not links[-1].matched and sep == " và ":
                        # "Sở Khoa học và Công nghệ": unknown on both sides of "và", one name.
                        links[-1] = Link(f"{links[-1].written}{sep}{link.written}")
                    else:
                        links.append(link)
                    i = j
                    break
        return links

    def group_of(self, units: set[int]) -> UnitGroup | None:
        """A group holding exactly these units, if the registry has one."""
        for group in self.groups:
            if {u.pk for u in group.units.all()} == units:
                return group
        return None


def _parts(phrase: str) -> list[tuple[str, str]]:
    """(separator before, part) pairs, split at commas, semicolons and " và "."""
    parts: list[tuple[str, str]] = []
    sep = ""
    current = ""
    i = 0
    while i < len(phrase):
        char = phrase[i]
        if char in ",;":
            parts.append((sep, current.strip()))
            sep, current = char + " ", ""
            i += 1
            continue
        if phrase.startswith(" và ", i):
            parts.append((sep, current.strip()))
            sep, current = " và ", ""
            i += 4
            continue
        current += char
        i += 1
    parts.append((sep, current.strip()))
    return [p for p in parts if p[1]]


def _rejoin(parts: list[tuple[str, str]]) -> str:
    return "".join((sep if n else "") + text for n, (sep, text) in enumerate(parts))
