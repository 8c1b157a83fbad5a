"""Write an imported plan as YAML in the shipped plan's layout, with the importer's doubts as comments."""

from __future__ import annotations

import re

import yaml

from .result import ImportResult


class _Dumper(yaml.SafeDumper):
    """Indented block lists, short lists of codes on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, data: list):
    short = data and all(isinstance(x, int) or isinstance(x, str) and re.fullmatch(r"[a-z0-9-]+", x) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=bool(short))


def _represent_dict(dumper: yaml.SafeDumper, data: dict):
    flow = set(data) <= {
        "kind",
        "due",
        "from_year",
        "to_year",
        "yearly_due",
        "period_day",
        "adhoc",
        "continuous",
        "month",
        "day",
    }
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)


def plan_yaml(result: ImportResult) -> str:
    """The plan file: a comment naming the source and every open problem, then the data."""
    plan = result.plan
    data = plan.model_dump(mode="python", exclude_defaults=True)
    data = {"kind": plan.kind, **data} if "kind" not in data else data
    order = [
        "number",
        "kind",
        "issuer",
        "place",
        "date",
        "title",
        "legal_basis",
        "monitor",
        "start_year",
        "reporting",
        "escalation",
        "preconditions",
        "headings",
        "items",
    ]
    data["escalation"] = plan.escalation.model_dump()
    for item in data.get("items", []):
        item.setdefault("meaning", {"kind": "once"})
    lines = [
        f"# {plan.kind} số {plan.number} ngày {plan.date:%d/%m/%Y} của {plan.issuer}",
        f"# {plan.title}",
        f"# Nhập từ '{result.source}' bằng `dondoc plan import`; kiểm tra lại với văn bản gốc trước khi dùng.",
    ]
    open_problems = [p for p in result.problems if p.kind != "note"]
    if open_problems:
        lines.append(f"# Còn {len(open_problems)} vấn đề cần xem lại:")
        lines += [f"# ! {result.describe(p)}" for p in open_problems if p.kind != "unmatched"]
        if result.unmatched:
            lines.append("# ! tên cơ quan chưa khớp danh bạ: xem ghi chú '# !' ở từng mục bên dưới")
    body = yaml.dump(
        {k: data[k] for k in order if k in data}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000
    )
    return "\n".join(lines) + "\n\n" + _with_comments(body, result.comments)


def _with_comments(body: str, comments: dict[str, list[str]]) -> str:
    """Put each item's notes right above its '- code:' line."""
    out, in_items = [], False
    for line in body.splitlines():
        in_items = in_items or line.startswith("items:")
        match = re.match(r"^(\s*)- code: '?\"?([^'\"]+)'?\"?$", line)
        if in_items and match and match.group(2) in comments:
            out += [f"{match.group(1)}# ! {note}" for note in comments[match.group(2)]]
        out.append(line)
    return "\n".join(out) + "\n"
