"""The units a task's sentence names as leading or coordinating, as written.

"Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Ban Dân vận Tỉnh ủy, Ủy ban MTTQ Việt Nam tỉnh
hướng dẫn ..." leads with "Ban Tuyên giáo Tỉnh ủy" and coordinates with "Ban Dân vận Tỉnh ủy, Ủy
ban MTTQ Việt Nam tỉnh". The subject of the sentence is a unit when it opens with a word that
names bodies; it ends at a colon or at the first verb written in lower case (in "Ban Tổ chức
Tỉnh ủy" the capital shows that "Tổ chức" is part of a name). Which registry units the phrases
mean is for `units/matching.py`.
"""

from .fold import fold

SUBJECT_OPENINGS = (
    "ban ",
    "dang doan ",
    "dang uy ",
    "dang bo ",
    "uy ban ",
    "ubnd ",
    "hdnd ",
    "hoi ",
    "lien hiep ",
    "lien doan ",
    "tinh doan",
    "thanh doan",
    "thanh uy",
    "thi uy",
    "huyen uy",
    "van phong ",
    "so ",
    "cap uy",
    "mttq",
    "mat tran ",
    "thuong truc ",
    "cong an ",
    "bo chi huy ",
    "tinh uy",
    "chi bo ",
    "doan dai bieu ",
    "toa an ",
    "vien kiem sat ",
    "dai phat thanh ",
    "truong chinh tri ",
    "cac ban ",
    "cac cap ",
    "cac dang ",
    "cac so ",
    "cac co quan ",
    "cac huyen ",
    "cac hoi ",
    "cac to chuc ",
    "cac don vi ",
    "cac dia phuong ",
    "cac doan the ",
    "cac chi bo ",
    "cac cap uy ",
)
VERBS = (
    "lanh dao",
    "chi dao",
    "chu tri",
    "phoi hop",
    "tiep tuc",
    "xay dung",
    "tham muu",
    "trien khai",
    "to chuc",
    "thuc hien",
    "co trach nhiem",
    "chiu trach nhiem",
    "theo doi",
    "huong dan",
    "kiem tra",
    "ra soat",
    "can cu",
    "quan triet",
    "nghien cuu",
    "day manh",
    "tang cuong",
    "dinh ky",
    "giup",
    "cu the hoa",
    "ban hanh",
    "bo tri",
    "nang cao",
    "phat huy",
    "don doc",
    "giam sat",
    "de xuat",
    "bao cao",
    "tuyen truyen",
    "quan tam",
    "khan truong",
    "chu dong",
    "tap trung",
    "dua",
    "tong hop",
    "thong tin",
    "phan cong",
    "cap nhat",
    "tu chuc",
    "danh gia",
    "so ket",
    "tong ket",
    "xac dinh",
    "hoan thanh",
    "de",
    "trong",
    "theo",
)
MAX_PHRASE = 300


def _first_verb(text: str, f: str, start: int) -> int:
    """Where the first verb written in lower case starts (after `start`), or -1."""
    best = -1
    for verb in VERBS:
        at = f.find(" " + verb, start)
        while at >= 0:
            end = at + 1 + len(verb)
            whole = end >= len(f) or not f[end].isalnum()
            # "các tổ chức chính trị - xã hội" names bodies: after "các" a verb is a noun.
            # So is one in a list after a comma ("Cấp ủy, tổ chức đảng, chính quyền").
            noun = (
                f[max(0, at - 4) : at] == " cac"
                or (at == 3 and f[:3] == "cac")
                or (at > 0 and f[at - 1] == ",")
            )
            if whole and text[at + 1].islower() and not noun:
                if best < 0 or at < best:
                    best = at
                break
            at = f.find(" " + verb, at + 1)
    return best


def _cut(text: str, f: str, start: int) -> str:
    end = len(text)
    for stop in (":", ";", ". ", "\n"):
        at = f.find(stop, start)
        if 0 <= at < end:
            end = at
    verb = _first_verb(text, f[:end], start)
    if verb >= 0:
        end = verb
    phrase = text[start:end].strip(" ,")
    return phrase if len(phrase) <= MAX_PHRASE else ""


def lead_phrase(text: str) -> str:
    """The units the sentence opens with, as written, or ""."""
    f = fold(text[: MAX_PHRASE + 50])
    if not f.startswith(SUBJECT_OPENINGS):
        return ""
    return _cut(text, f, 0)


def coordination_phrase(text: str) -> str:
    """The units after "phối hợp với", as written, or ""."""
    f = fold(text)
    for words in ("phoi hop voi ", "phoi hop cung "):
        at = f.find(words)
        if at >= 0:
            return _cut(text, f, at + len(words))
    return ""
