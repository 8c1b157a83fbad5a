"""What the importer could not settle: agency names the directory lacks, lines it could not place."""

from __future__ import annotations

from .agency_names import AgencyNames, NameMatch
from .items import Outline
from .labels import read_label
from .outline_nodes import Node
from .result import PLACEHOLDER_PREFIX, UNPLACED, Problem
from .vietnamese import slugify


def placeholder_for(match: NameMatch, names: AgencyNames, role: str) -> tuple[str, str]:
    """A code that keeps an unknown name in the item ("chua-khop-…", which `plan validate` refuses), and why."""
    code = PLACEHOLDER_PREFIX + (slugify(match.text, max_words=7) or "khong-ro")
    nearest = ", ".join(f"'{c}' ({names.index.names.get(c, c)})" for c in match.candidates)
    message = f"{role} '{match.text}' không có trong danh bạ; tạm ghi mã '{code}'"
    message += f"; gần nhất: {nearest}" if nearest else "; không có tên nào gần giống"
    return code, message


_KNOWN_LABELS = "Cơ quan chủ trì, Cơ quan phối hợp, Hình thức, Thời gian thực hiện, Sản phẩm"


def unplaced(root: Node, outline: Outline) -> list[Problem]:
    """Every line inside the items' sections that became no item, heading or field, in document order."""
    problems: list[Problem] = []
    for node in outline.orphans:
        (first, heading), *rest = _lines_of(node)
        problems.append(
            Problem(
                UNPLACED,
                first,
                "không xếp được vào mục nào: phần này không ghi cơ quan chủ trì "
                f"(cần dòng 'Cơ quan chủ trì: …' hoặc tên cơ quan ở đầu): '{_short(heading)}'",
            )
        )
        problems += [Problem(UNPLACED, n, f"thuộc phần không xếp được ở dòng {first}: '{_short(t)}'") for n, t in rest]
    codes = {id(d.node): d.code for d in outline.drafts}
    for draft in outline.drafts:
        problems += _repeated_fields(draft.node, draft.code)
    for node, blocks in outline.strays:
        for block in blocks:
            problems.append(
                Problem(UNPLACED, block.line, f"{_why_stray(node, block)}: '{_short(block.text)}'", codes.get(id(node)))
            )
    for field in root.fields:
        problems.append(
            Problem(UNPLACED, field.numbers[0], f"trường nằm ngoài mọi mục: '{field.name}: {_short(field.value)}'")
        )
    for block in root.unknown + root.trailing + outline.loose:
        problems.append(Problem(UNPLACED, block.line, f"không xếp được vào mục nào: '{_short(block.text)}'"))
    return sorted(problems, key=lambda p: p.line or 0)


def _repeated_fields(node: Node, code: str) -> list[Problem]:
    """A second filled 'Cơ quan chủ trì: …' in one item: only the first is read, so the others are reported."""
    seen: set[str] = set()
    problems = []
    for field in node.fields:
        if not field.value.strip() or field.kind not in ("lead", "coordinator", "timeframe", "form", "product"):
            continue
        if field.kind in seen:
            problems.append(
                Problem(
                    UNPLACED,
                    field.numbers[0],
                    f"trường '{field.name}' lặp lại trong mục, chỉ đọc lần ghi đầu tiên: '{_short(field.value)}'",
                    code,
                )
            )
        seen.add(field.kind)
    return problems


def _why_stray(node: Node, block) -> str:
    if block.is_row:
        return "dòng của bảng không có cột 'Nội dung' cùng cột 'Cơ quan chủ trì' hoặc 'Thời gian'"
    if any(block is b for b in node.body):
        return "nằm sau các mục của đề mục này nhưng không thuộc mục nào (có thể là một dòng bảng thiếu ô)"
    if block in node.unknown:
        label = read_label(block.text)
        return f"nhãn '{label.name if label else block.text}' không được hỗ trợ (các nhãn đọc được: {_KNOWN_LABELS})"
    return "đứng sau các trường của mục nhưng không có nhãn nào (cần dạng 'Nhãn: nội dung')"


def _lines_of(node: Node) -> list[tuple[int, str]]:
    lines = [(node.line, f"{node.mark}. {node.heading}" if node.mark else node.heading)]
    lines += [(b.line, b.text) for b in node.body + node.unknown + node.trailing]
    lines += [(f.numbers[0], f"{f.name}: {f.value}") for f in node.fields]
    for child in node.children:
        lines += _lines_of(child)
    return lines


def _short(text: str, size: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"
