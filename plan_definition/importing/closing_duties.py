"""An unnumbered *Tổ chức thực hiện* paragraph: each sentence that names who acts is a task of its own.

    III. TỔ CHỨC THỰC HIỆN
    Sở Nội vụ theo dõi, tổng hợp …. Định kỳ, hằng năm trước ngày 15 tháng 11 các cơ quan gửi báo cáo …

gives III.1 (Sở Nội vụ) and III.2 (các cơ quan, đơn vị, yearly by 14 November), as if they were numbered.
"""

from __future__ import annotations

import re

from .agency_names import AgencyNames
from .deadlines import timeframe_in
from .outline_nodes import Node
from .vietnamese import fold

DUTY = "duty"
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])")
_VAGUE = {"cac co quan": "các cơ quan, đơn vị", "cac don vi": "các cơ quan, đơn vị"}


def number_closing_duties(root: Node, names: AgencyNames) -> None:
    for section in root.children:
        if section.kind != "section" or section.children or not section.body:
            continue
        if not fold(section.heading).startswith("to chuc thuc hien"):
            continue
        tasks: list[Node] = []
        kept = []
        for block in section.body:
            found = []
            for sentence in _SENTENCE.split(block.text):
                heading = _subject_first(sentence.strip())
                if names.read_list(heading).matches:  # a name the directory lacks still names who acts
                    found.append(Node(DUTY, str(len(tasks) + len(found) + 1), heading, list(block.numbers)))
                elif found:  # a sentence without a subject carries on the task before it
                    found[-1].heading = f"{found[-1].heading} {sentence.strip()}"
                else:
                    found = []
                    break
            if found:
                tasks += found
            else:
                kept.append(block)
        if tasks:
            section.body = kept
            for task in tasks:
                section.add(task)


def _subject_first(sentence: str) -> str:
    """ "Định kỳ, hằng năm trước ngày 15/11 các cơ quan gửi báo cáo …" → "Các cơ quan, đơn vị gửi báo cáo …, định kỳ …"."""
    phrase = timeframe_in(sentence)
    at = sentence.lower().find(phrase.lower()) if phrase else -1
    if phrase is None or at < 0 or at > 40:
        return sentence
    opening = sentence[: at + len(phrase)].strip(" ,")
    rest = sentence[at + len(phrase) :].lstrip(" ,").rstrip(".")
    for vague, written in _VAGUE.items():
        if fold(rest).startswith(vague + " "):
            rest = written + rest[len(vague) :]
    return f"{rest[:1].upper()}{rest[1:]}, {opening[:1].lower()}{opening[1:]}."
