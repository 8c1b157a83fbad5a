"""Every name and alias of the directory's agencies and groups, looked up word by word after folding."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..directory import Directory
from .vietnamese import ABBREVIATIONS, WORD, clean, fold, fold_word

# Words a name may carry or drop without becoming another name.
SKIPPED_INSIDE = {"va"}
# How plans name a level's People's Committees together, before and after the July 2025 reorganisation; any
# group of exactly that kind answers to them, whatever the directory's own aliases.
KIND_WORDINGS = {
    "ubnd-cap-xa": (
        "Ủy ban nhân dân các xã, phường",
        "Ủy ban nhân dân xã, phường",
        "Ủy ban nhân dân các xã, phường, đặc khu",
        "Ủy ban nhân dân các xã, phường, thị trấn",
        "Ủy ban nhân dân cấp xã",
    ),
    "ubnd-cap-huyen": ("Ủy ban nhân dân các huyện, thị xã, thành phố", "Ủy ban nhân dân cấp huyện"),
}
ARTICLES = {"cac", "nhung"}


@dataclass(frozen=True)
class Token:
    key: str  # one folded word; an abbreviation gives several tokens with the same span
    start: int
    end: int
    word: str  # as written


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in WORD.finditer(text):
        key = fold_word(match.group())
        for part in ABBREVIATIONS.get(key, key).split():
            tokens.append(Token(part, match.start(), match.end(), match.group()))
    return tokens


def name_key(text: str) -> tuple[str, ...]:
    """The words that identify a name: folded, without a leading 'các' and without 'và'."""
    words = [w for w in fold(text).split() if w not in SKIPPED_INSIDE]
    while words and words[0] in ARTICLES:
        words = words[1:]
    return tuple(words)


class AgencyIndex:
    """A word trie over the directory's names and aliases, with the province name as an optional suffix."""

    def __init__(self, directory: Directory):
        self.directory = directory
        self.names: dict[str, str] = {}  # code -> display name
        self._trie: dict = {}
        self._keys: list[tuple[str, str]] = []  # (folded name, code) for nearest candidates
        for entry in [*directory.agencies, *directory.groups]:
            self.names[entry.code] = entry.name
            for name in (entry.name, *entry.aliases):
                self._add(name_key(name), entry.code)
        for group in directory.groups:
            if len(group.kinds) == 1 and not group.members:
                for name in KIND_WORDINGS.get(group.kinds[0], ()):
                    self._add(name_key(name), group.code)
        province = name_key(directory.province)
        self.trailers = [
            ("tinh", *province),
            province,
            ("co", "lien", "quan"),
            ("lien", "quan"),
            ("tren", "dia", "ban", "tinh"),
            ("tren", "dia", "ban"),
            ("theo", "phan", "cap", "quan", "ly"),
        ]

    def _add(self, key: tuple[str, ...], code: str) -> None:
        if not key:
            return
        node = self._trie
        for word in key:
            node = node.setdefault(word, {})
        node.setdefault("", code)  # the first entry to claim a key keeps it
        self._keys.append((" ".join(key), code))

    def lookup(self, key: tuple[str, ...]) -> str | None:
        node = self._trie
        for word in key:
            if word not in node:
                return None
            node = node[word]
        return node.get("")

    def longest(self, tokens: list[Token], i: int) -> tuple[str, int] | None:
        """(code, index after the match) of the longest name starting at tokens[i], trailers included."""
        while i < len(tokens) and tokens[i].key in ARTICLES:
            i += 1
        node, best, j = self._trie, None, i
        while j < len(tokens):
            key = tokens[j].key
            if key in node:
                node = node[key]
                j += 1
                if "" in node:
                    best = (node[""], j)
            elif key in SKIPPED_INSIDE:
                j += 1
            else:
                break
        if best is None:
            return None
        return best[0], self._after_trailers(tokens, best[1])

    def _after_trailers(self, tokens: list[Token], j: int) -> int:
        keys = [t.key for t in tokens]
        for trailer in self.trailers:
            if trailer and tuple(keys[j : j + len(trailer)]) == trailer:
                return j + len(trailer)
        return j

    def nearest(self, name: str, n: int = 3) -> list[str]:
        """Codes whose names look most like `name`, best first."""
        key = " ".join(name_key(name))
        scored: dict[str, float] = {}
        for known, code in self._keys:
            ratio = difflib.SequenceMatcher(None, key, known).ratio()
            scored[code] = max(scored.get(code, 0.0), ratio)
        ranked = sorted((c for c, r in scored.items() if r >= 0.5), key=lambda c: -scored[c])
        return ranked[:n]


def words_between(text: str, start: int, end: int) -> str:
    """The characters between two tokens, such as ', ' or ' (' or '; '."""
    return clean(text[start:end]) if end > start else ""


def has(gap: str, chars: str) -> bool:
    return bool(re.search(f"[{re.escape(chars)}]", gap))
