"""Word's automatic numbering ("1.", "a)", "-"), which python-docx leaves out of a paragraph's text."""

from __future__ import annotations

from docx.oxml.ns import qn

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


class Numbering:
    """Counts list items as Word does and renders each paragraph's label."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstract id -> level -> (format, text, start)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for level in abstract.findall(qn("w:lvl")):
                levels[int(level.get(qn("w:ilvl")))] = (
                    _val(level, "w:numFmt") or "decimal",
                    _val(level, "w:lvlText") or "",
                    int(_val(level, "w:start") or 1),
                )
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            self.abstract_of[num.get(qn("w:numId"))] = _val(num, "w:abstractNumId")

    def label(self, paragraph) -> str:
        """The paragraph's list label, counting it; '' when it is not a list item."""
        num_id, level = _numbering_of(paragraph)
        abstract = self.abstract_of.get(num_id or "")
        if abstract is None or level not in self.levels.get(abstract, {}):
            return ""
        counts = self.counters.setdefault(abstract, {})
        fmt, text, start = self.levels[abstract][level]
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        if fmt == "bullet":
            return "-"
        label = text
        for n in range(level + 1):
            value = counts.get(n, self.levels[abstract].get(n, ("decimal", "", 1))[2])
            label = label.replace(f"%{n + 1}", _FORMATS.get(self.levels[abstract].get(n, (fmt,))[0], str)(value))
        return label


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _numbering_of(paragraph) -> tuple[str | None, int]:
    """(numId, level) from the paragraph's own properties, else from its style."""
    for holder in (paragraph._p.pPr, getattr(paragraph.style, "element", None)):
        properties = holder if holder is None or holder.tag == qn("w:pPr") else holder.find(qn("w:pPr"))
        num = properties.find(qn("w:numPr")) if properties is not None else None
        if num is not None and _val(num, "w:numId") not in (None, "0"):
            return _val(num, "w:numId"), int(_val(num, "w:ilvl") or 0)
    return None, 0
