"""Several tasks under one number, each a dash bullet with its own labels, become one item each.

    1. Cải cách thể chế
    - Rà soát văn bản …            → item 1.1, its own lead and timeframe
      Cơ quan chủ trì: Sở Tư pháp.
    - Xây dựng quy định …          → item 1.2
      Cơ quan chủ trì: Sở Nội vụ.

Without this the second bullet's labels would be read as more of the first task's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Block
from .labels import LEAD, TIMEFRAME
from .outline_nodes import FieldValue, Node

TASK = "task"


@dataclass
class _Task:
    bullet: Block
    body: list[Block] = field(default_factory=list)
    fields: list[FieldValue] = field(default_factory=list)
    trailing: list[Block] = field(default_factory=list)


def split_bullet_tasks(root: Node) -> None:
    for node in list(root.walk()):
        if node.kind in ("number", "letter", "row") and not node.children:
            _split(node)


def _split(node: Node) -> None:
    events = sorted(
        [(b.line, 0, b) for b in node.body + node.trailing] + [(f.numbers[0], 1, f) for f in node.fields],
        key=lambda e: (e[0], e[1]),
    )
    preamble: list[Block] = []
    shared: list[FieldValue] = []
    tasks: list[_Task] = []
    for _line, is_field, thing in events:
        if is_field:
            (tasks[-1].fields if tasks else shared).append(thing)
        elif _bullet(thing) and (not tasks or tasks[-1].fields):
            tasks.append(_Task(thing))
        elif tasks:
            (tasks[-1].trailing if tasks[-1].fields else tasks[-1].body).append(thing)
        else:
            preamble.append(thing)
    with_own_fields = [t for t in tasks if any(f.value and f.kind in (LEAD, TIMEFRAME) for f in t.fields)]
    if len(tasks) < 2 or len(with_own_fields) != len(tasks):
        return
    node.body, node.fields, node.trailing = preamble, [], []
    for n, task in enumerate(tasks, start=1):
        child = node.add(Node(TASK, str(n), task.bullet.body.strip(), list(task.bullet.numbers)))
        child.body = task.body
        own = {f.kind for f in task.fields if f.value}
        child.fields = task.fields + [f for f in shared if f.kind not in own]  # what the number says for all
        child.trailing = task.trailing


def _bullet(block: Block) -> bool:
    return block.mark is not None and block.mark.kind == "bullet"
