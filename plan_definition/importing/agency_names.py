"""Read the agencies a field names ("Sở Nội vụ, Sở Tư pháp và UBND cấp huyện") into directory codes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .agency_index import AgencyIndex, Token, has, tokenize, words_between

_NAME_HEADS = {
    ("so",),
    ("ban",),
    ("bo",),
    ("van", "phong"),
    ("uy", "ban"),
    ("dai",),
    ("bao",),
    ("trung", "tam"),
    ("hoi",),
    ("lien", "doan"),
    ("cong", "an"),
    ("thanh", "tra"),
    ("cuc",),
    ("chi", "cuc"),
    ("kho", "bac"),
    ("ngan", "hang"),
    ("truong",),
    ("benh", "vien"),
    ("cong", "ty"),
    ("tinh", "doan"),
    ("doan",),
    ("hoi", "dong"),
    ("phong",),
    ("vien",),
    ("toa", "an"),
    ("bao", "hiem"),
    ("chi", "nhanh"),
    ("quy",),
    ("hop", "tac", "xa"),
    ("doanh", "nghiep"),
    ("co", "quan"),
    ("don", "vi"),
    ("to", "chuc"),
    ("dia", "phuong"),
    ("nganh",),
    ("mat", "tran"),
    ("thue",),  # "Thuế tỉnh", "Thuế cơ sở 1" since the 2025 reorganisation of the tax offices
    ("vu",),  # a ministry's department: "Vụ Pháp chế"
    ("tong", "cuc"),
}
# Words that start what a body does, ending its name: "Sở Tư pháp | đăng tải …".
_PREDICATES = {
    ("chu", "tri"),
    ("phoi", "hop"),
    ("thuc", "hien"),
    ("to", "chuc"),
    ("dang", "tai"),
    ("ban", "hanh"),
    ("xay", "dung"),
    ("tham", "muu"),
    ("theo", "doi"),
    ("trien", "khai"),
    ("huong", "dan"),
    ("chi", "dao"),
    ("bao", "cao"),
    ("chiu",),
    ("co", "trach"),
    ("tuyen", "truyen"),
    ("ra", "soat"),
    ("kiem", "tra"),
    ("pho", "bien"),
    ("theo",),
    ("don", "doc"),
    ("tap", "huan"),
    ("gui",),
    ("cung", "cap"),
    ("tong", "hop"),
    ("de",),
    ("nham",),
    ("trong",),
    ("tai",),
    ("ve",),
    ("voi",),
    ("cua",),
    ("cho",),
    ("duoc",),
    ("can", "cu"),
}
_SUBORDINATE = [
    ("co", "quan", "don", "vi", "truc", "thuoc"),
    ("don", "vi", "truc", "thuoc"),
    ("cac", "don", "vi", "truc", "thuoc"),
    ("co", "quan", "truc", "thuoc"),
]
_LEVELS = {
    ("cap", "tinh"): "tinh",
    ("cap", "huyen"): "huyen",
    ("cap", "xa"): "xa",
    ("tinh",): "tinh",
    ("huyen",): "huyen",
    ("xa",): "xa",
}
SUBORDINATE_KIND = "don-vi-truc-thuoc"


@dataclass(frozen=True)
class NameMatch:
    """One agency a text names: its code, or None with the nearest candidates when the directory lacks it."""

    text: str
    start: int
    end: int
    code: str | None
    candidates: tuple[str, ...] = ()
    key: tuple[str, ...] = ()  # the folded words as written, for a following "cấp huyện"


@dataclass
class NameList:
    matches: list[NameMatch] = field(default_factory=list)
    end: int = 0  # where the list stops in the text

    @property
    def codes(self) -> list[str | None]:
        return [m.code for m in self.matches]


class AgencyNames:
    def __init__(self, index: AgencyIndex):
        self.index = index

    def read_list(self, text: str, start: int = 0, *, unknown: bool = True) -> NameList:
        """The agencies listed from `start`, up to the first word that is not part of the list.

        With `unknown`, a name the directory lacks is kept as an unmatched match; without,
        the list stops there (used for titles, where a capitalised word is not always a body).
        """
        tokens = [t for t in tokenize(text) if t.start >= start]
        found = NameList(end=start)
        i = 0
        while i < len(tokens):
            step = self._element(text, tokens, i, found, unknown)
            if step is None:
                break
            i, end = self._parenthesis(text, tokens, step, tokens[step - 1].end, found)
            if end is None:
                break
            found.end = end
            i = self._separator(text, tokens, i, end)
            if i is None:
                break
        return found

    def _element(self, text, tokens, i, found: NameList, unknown: bool) -> int | None:
        keys = tuple(t.key for t in tokens)
        for phrase in _SUBORDINATE:
            if keys[i : i + len(phrase)] == phrase and found.matches:
                self._widen(found)
                return i + len(phrase)
        if (hit := self.index.longest(tokens, i)) and not _foreign_locality(tokens, hit[1]):
            code, j = hit
            found.matches.append(
                NameMatch(
                    text[tokens[i].start : tokens[j - 1].end], tokens[i].start, tokens[j - 1].end, code, key=keys[i:j]
                )
            )
            return j
        if keys[i : i + 1] == ("cap",) and found.matches and (j := self._level_ellipsis(text, tokens, i, found)):
            return j
        if unknown and _starts_name(tokens, i):
            j = _name_end(text, tokens, i, self.index)
            name = text[tokens[i].start : tokens[j - 1].end]
            found.matches.append(
                NameMatch(name, tokens[i].start, tokens[j - 1].end, None, tuple(self.index.nearest(name)), keys[i:j])
            )
            return j
        return None

    def _parenthesis(self, text: str, tokens: list[Token], i: int, end: int, found: NameList):
        """After "Văn phòng UBND tỉnh (Trung tâm Tin học - Công báo)" the unit in brackets is the one that acts.

        Returns the next token index and where the element ends, or (i, None) for an unclosed bracket.
        """
        next_start = tokens[i].start if i < len(tokens) else len(text)
        if "(" not in text[end:next_start]:
            return i, end
        opening = text.index("(", end)
        closing = text.find(")", opening)
        if closing < 0:
            return i, None
        inner = self.read_list(text[:closing], opening + 1, unknown=False)
        if inner.matches and all(m.code for m in inner.matches) and inner.end >= closing - 2:
            found.matches[-1:] = inner.matches
        while i < len(tokens) and tokens[i].start < closing:
            i += 1
        return i, closing + 1

    @staticmethod
    def _separator(text: str, tokens: list[Token], i: int, end: int) -> int | None:
        """The index of the next list element after ',' or 'và', or None when the list ends here."""
        if i >= len(tokens):
            return None
        gap = words_between(text, end, tokens[i].start)
        if has(gap, ";:.()"):
            return None
        if tokens[i].key in ("va", "hoac", "cung") and not has(gap, ","):
            return i + 1
        if has(gap, ",/"):
            return i + 1 if tokens[i].key in ("va", "hoac") else i
        return None

    def _level_ellipsis(self, text, tokens, i, found: NameList) -> int | None:
        """ "cơ quan chuyên môn thuộc UBND tỉnh, cấp huyện": the second element repeats the first at its level."""
        level = tuple(t.key for t in tokens[i : i + 2])
        previous = found.matches[-1].key
        if level not in _LEVELS or not previous:
            return None
        for size in (2, 1):
            if previous[-size:] in _LEVELS:
                stem = previous[:-size]
                break
        else:
            return None
        candidates = [stem + level]
        if "thuoc" in stem:
            cut = len(stem) - stem[::-1].index("thuoc")
            candidates.append(stem[cut:] + level)
        code = next((c for key in candidates if (c := self.index.lookup(key))), None)
        written = text[tokens[i].start : tokens[i + 1].end]
        found.matches.append(
            NameMatch(
                written,
                tokens[i].start,
                tokens[i + 1].end,
                code,
                () if code else tuple(self.index.nearest(" ".join(candidates[-1]))),
                candidates[0],
            )
        )
        return i + 2

    def _widen(self, found: NameList) -> None:
        """ "… và cơ quan, đơn vị trực thuộc": each group named before takes in its subordinate units."""
        groups = self.index.directory.groups_by_code
        for n, match in enumerate(found.matches):
            group = groups.get(match.code or "")
            if group is None:
                continue
            wanted = set(group.kinds) | {SUBORDINATE_KIND}
            wider = next((g for g in groups.values() if set(g.kinds) == wanted and not g.members), None)
            if wider:
                found.matches[n] = replace(match, code=wider.code)


def _foreign_locality(tokens: list[Token], j: int) -> bool:
    """ "Sở Nội vụ tỉnh Vĩnh Long" read with another province's directory: not that province's Sở Nội vụ."""
    level_words = ("tinh", "huyen", "xa", "phuong", "quan")
    spaced = 0 < j < len(tokens) and tokens[j].start - tokens[j - 1].end == 1  # a space, no comma or bracket
    if spaced and tokens[j - 1].key in level_words and tokens[j].word[:1].isupper():
        return True  # "Thuế tỉnh" + "Hậu Giang": the alias ends on its level, another place follows
    keys = [t.key for t in tokens[j : j + 3]]
    size = 2 if keys[:2] in (["thanh", "pho"], ["thi", "xa"]) else 1
    named = len(tokens) > j + size and tokens[j + size].word[:1].isupper()
    return bool(keys) and keys[0] in ("tinh", "huyen", "thanh", "thi", "quan", "xa", "phuong") and named


def _starts_name(tokens: list[Token], i: int) -> bool:
    keys = tuple(t.key for t in tokens)
    j = i + 1 if keys[i] in ("cac", "nhung") else i
    capitalised = tokens[i].word[:1].isupper() or j > i
    return capitalised and any(keys[j : j + len(head)] == head for head in _NAME_HEADS)


_DEPARTMENT_HEADS = {"cuc", "vu"}  # a ministry's departments, named by what they manage "về …"


def _name_end(text: str, tokens: list[Token], i: int, index: AgencyIndex) -> int:
    """Where a name the directory lacks ends: before a verb, a bracket, or a new name after ',' or 'và'."""
    keys = tuple(t.key for t in tokens)
    department = keys[i] in _DEPARTMENT_HEADS or keys[i : i + 2] == ("tong", "cuc")
    j = i + 1
    while j < len(tokens) and j - i < 18:
        gap = words_between(text, tokens[j - 1].end, tokens[j].start)
        if has(gap, ";:.()"):
            break
        if has(gap, ",") and department and keys[j] == "bo" and tokens[j].word[:1].isupper():
            department = False  # "Cục …, Bộ Công an": the ministry the department belongs to, one body
            j += 1
            continue
        if has(gap, ",") and (_starts_name(tokens, j) or index.longest(tokens, j)):
            break
        if department and keys[j] == "ve":
            j += 1  # "Cục Cảnh sát quản lý hành chính về trật tự xã hội": 'về' is part of its name
            continue
        if any(keys[j : j + len(p)] == p for p in _PREDICATES) and not tokens[j].word[:1].isupper():
            break
        if (
            keys[j] in ("va", "hoac")
            and j + 1 < len(tokens)
            and (_starts_name(tokens, j + 1) or index.longest(tokens, j + 1))
        ):
            break
        j += 1
    return j
