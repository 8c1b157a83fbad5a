"""The numbered outline of a plan: sections, numbered and lettered parts, table rows, and their fields."""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Block


@dataclass
class FieldValue:
    """A labelled field of an item ("Cơ quan chủ trì: Sở Nội vụ.") or a table cell under such a heading."""

    kind: str
    name: str
    value: str
    numbers: list[int]


@dataclass
class Node:
    """A numbered part: kind 'root', 'section' (I.), 'number' (1., 1.2.), 'letter' (a)), 'group' or 'row' (tables)."""

    kind: str
    mark: str
    heading: str
    numbers: list[int]
    parent: Node | None = None
    body: list[Block] = field(default_factory=list)  # paragraphs and bullets before the first field
    fields: list[FieldValue] = field(default_factory=list)
    trailing: list[Block] = field(default_factory=list)  # text after the fields that no field took
    unknown: list[Block] = field(default_factory=list)  # fields with a label dondoc does not know
    children: list[Node] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.numbers[0] if self.numbers else 0

    def field(self, kind: str) -> FieldValue | None:
        """The field of that kind; an umbrella label left empty ("Cơ quan thực hiện:") yields to a filled one."""
        same = [f for f in self.fields if f.kind == kind]
        return next((f for f in same if f.value.strip()), same[0] if same else None)

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def section(self) -> Node | None:
        node = self
        while node is not None and node.kind != "section":
            node = node.parent
        return node
