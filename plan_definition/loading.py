"""Read plan and directory files and check them against each other, listing every problem."""

from __future__ import annotations

import difflib
import json
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .directory import Directory
from .errors import InvalidFiles
from .plan import Plan
from .timeframes import UnreadableTimeframe, normalise, split_condition

DATA = resources.files("plan_definition") / "data"
# libyaml's parser when PyYAML has it (its wheels do): a directory of 60,000 agencies parses in seconds
# instead of minutes. Same safe constructor, same values, same error marks.
YAML_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REFERENCE_PLANS = Path(str(DATA / "plans"))  # the shipped plans, one YAML file each
REFERENCE_PLAN = REFERENCE_PLANS / "ke-hoach-86-kh-ubnd-2023.yaml"
# A plan written for dondoc (not an official text), beside its source text: it lives apart from the shipped
# plans so that a fresh install never chases real agencies under it; tests and demos add it on purpose.
SAMPLE_PLANS = Path(str(DATA / "samples"))
SAMPLE_PLAN = SAMPLE_PLANS / "ke-hoach-45-kh-ubnd-2026.yaml"
REFERENCE_DIRECTORY = Path(str(DATA / "directory-vinh-long.yaml"))
TRA_VINH_DIRECTORY = Path(str(DATA / "directory-tra-vinh.yaml"))  # the old province alone, as of 1/3/2025
REFERENCE_CALENDAR = Path(str(DATA / "calendar.yaml"))

_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được hỗ trợ",
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "không được để trống",
    "string_pattern_mismatch": "mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "list_type": "phải là danh sách",
    "too_short": "không được để trống",
    "model_type": "phải là một bảng khóa: giá trị",
    "dict_type": "phải là một bảng khóa: giá trị",
}


def nearest(code: str, known: list[str]) -> str:
    """'; gần nhất: 'a', 'b'' when some known codes look like `code`, else ''."""
    close = difflib.get_close_matches(code, known, n=3, cutoff=0.6)
    return "; gần nhất: " + ", ".join(f"'{c}'" for c in close) if close else ""


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidFiles([f"{path}: không đọc được tệp: {exc.strerror or exc}"]) from exc
    if path.suffix == ".json":
        # JSON is YAML too; a generated directory of tens of thousands of agencies reads ten times faster so.
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidFiles([f"{path}: JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}"]) from exc
    try:
        return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark else ""
        raise InvalidFiles([f"{path}: YAML không hợp lệ{where}: {getattr(exc, 'problem', exc)}"]) from exc


def _describe(error: dict, raw: Any) -> str:
    """Turn a pydantic error location into "mục 1.2.a: trường 'leads[0]'"."""
    loc = list(error["loc"])
    where = ""
    if len(loc) >= 2 and loc[0] in ("items", "agencies", "groups", "headings") and isinstance(loc[1], int):
        entries = raw.get(loc[0]) if isinstance(raw, dict) else None
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else {}
        key = entry.get("code") if isinstance(entry, dict) else None
        label = {"items": "mục", "agencies": "cơ quan", "groups": "nhóm", "headings": "đề mục"}[loc[0]]
        where = f"{label} {key if key is not None else '#' + str(loc[1] + 1)}: "
        loc = loc[2:]
    field = ""
    for part in loc:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    kind = error["type"]
    message = _MESSAGES.get(kind) or str(error["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        message = "phải là một trong: " + str(error.get("ctx", {}).get("expected", ""))
    # A whole-file check (loc empty) would otherwise print the whole file as its value.
    value = "" if kind == "missing" or not error["loc"] else f" (giá trị: {error.get('input')!r})"
    return f"{where}trường '{field or '(gốc)'}': {message}{value}"


def _validate(model: type[BaseModel], path: Path) -> Any:
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise InvalidFiles([f"{path}: tệp phải là một bảng khóa: giá trị, không phải {type(raw).__name__}"])
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise InvalidFiles([f"{path}: {_describe(e, raw)}" for e in exc.errors()]) from exc


def _with_includes(raw: Any, path: Path) -> Any:
    """A directory may `include:` others (paths beside it): their agencies, groups and reforms come first."""
    if not isinstance(raw, dict) or "include" not in raw:
        return raw
    includes = raw.pop("include")
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise InvalidFiles([f"{path}: trường 'include': phải là danh sách tên tệp (giá trị: {includes!r})"])
    merged = dict(raw)
    for name in reversed(includes):
        included = _with_includes(_read_yaml(path.parent / name), path.parent / name)
        if not isinstance(included, dict):
            raise InvalidFiles([f"{path.parent / name}: tệp phải là một bảng khóa: giá trị"])
        for key in ("agencies", "groups", "reforms", "provinces"):
            merged[key] = list(included.get(key) or []) + list(merged.get(key) or [])
    return merged


def load_directory(path: Path) -> Directory:
    raw = _with_includes(_read_yaml(path), path)
    if not isinstance(raw, dict):
        raise InvalidFiles([f"{path}: tệp phải là một bảng khóa: giá trị, không phải {type(raw).__name__}"])
    try:
        directory = Directory.model_validate(raw)
    except ValidationError as exc:
        raise InvalidFiles([f"{path}: {_describe(e, raw)}" for e in exc.errors()]) from exc
    problems = directory_problems(directory, path)
    if problems:
        raise InvalidFiles(problems)
    return directory


def load_plan(path: Path) -> Plan:
    return _validate(Plan, path)


def directory_problems(directory: Directory, path: Path) -> list[str]:
    problems = []
    codes = list(directory.by_code)
    for agency in directory.agencies:
        if agency.parent and agency.parent not in directory.by_code:
            problems.append(
                f"{path}: cơ quan {agency.code}: trường 'parent': mã '{agency.parent}' không có trong danh bạ"
                + nearest(agency.parent, codes)
            )
    for group in directory.groups:
        for member in group.members:
            if member not in directory.by_code:
                problems.append(
                    f"{path}: nhóm {group.code}: trường 'members': mã '{member}' không có trong danh bạ"
                    + nearest(member, codes)
                )
        # A group of a kind may have no member left after a reform (no district after 1/7/2025): its
        # duties then bind nobody. A group that names neither kinds nor members is a mistake.
        if not group.kinds and not group.members:
            problems.append(f"{path}: nhóm {group.code}: nhóm không có thành viên nào (cần 'kinds' hoặc 'members')")
    return problems


def plan_problems(plan: Plan, directory: Directory, plan_path: Path) -> list[str]:
    """Everything in the plan that does not agree with itself or with the directory."""
    problems: list[str] = []
    known = directory.known_codes()

    def check_code(where: str, field: str, code: str, *, agency_only: bool = False) -> None:
        ok = code in directory.by_code or (not agency_only and code in directory.groups_by_code)
        if not ok:
            problems.append(
                f"{plan_path}: {where}trường '{field}': mã '{code}' không có trong danh bạ" + nearest(code, known)
            )

    check_code("", "monitor", plan.monitor, agency_only=True)
    check_code("", "reporting.collector", plan.reporting.collector, agency_only=True)
    check_code("", "reporting.report_to", plan.reporting.report_to, agency_only=True)
    check_code("", "escalation.provincial_chain", plan.escalation.provincial_chain, agency_only=True)
    for code in plan.escalation.leadership:
        check_code("", "escalation.leadership", code, agency_only=True)
    for n, code in enumerate(plan.reporting.binds):
        check_code("", f"reporting.binds[{n}]", code)
    for n, code in enumerate(plan.reporting.compiled_by_monitor):
        item = plan.by_code.get(code)
        if item is None or plan.monitor not in item.leads:
            problems.append(
                f"{plan_path}: trường 'reporting.compiled_by_monitor[{n}]': mục '{code}' "
                + ("không có trong kế hoạch" if item is None else f"không do '{plan.monitor}' (monitor) chủ trì")
            )

    for code, count in Counter(i.code for i in plan.items).items():
        if count > 1:
            problems.append(f"{plan_path}: mục {code}: mã mục bị trùng ({count} lần)")
    parents = {h.code for h in plan.headings} | {i.code for i in plan.items}
    for item in plan.items:
        where = f"mục {item.code}: "
        if item.parent and item.parent not in parents:
            problems.append(f"{plan_path}: {where}trường 'parent': không có đề mục '{item.parent}'")
        for n, code in enumerate(item.leads):
            check_code(where, f"leads[{n}]", code)
        for n, code in enumerate(item.coordinators):
            check_code(where, f"coordinators[{n}]", code)
        problems.extend(f"{plan_path}: {where}{p}" for p in _timeframe_problems(plan, item))
        if item.lead_text and normalise(item.lead_text).startswith("đề nghị") and not item.requested:
            problems.append(f"{plan_path}: {where}trường 'requested': cơ quan chủ trì được 'Đề nghị' nên phải là true")
    return problems


def _timeframe_problems(plan: Plan, item) -> list[str]:
    try:
        meaning = plan.timeframe(item)
    except UnreadableTimeframe as exc:
        return [f"trường 'timeframe': {exc}".replace(f"mục {item.code}: ", "")]
    problems = []
    if item.meaning is not None and item.meaning != meaning:
        problems.append(
            f"trường 'meaning': {item.meaning.model_dump(exclude_defaults=True)} không khớp với "
            f"'{item.timeframe}', đọc được {meaning.model_dump(exclude_defaults=True)}"
        )
    _, condition = split_condition(item.timeframe or "")
    if item.precondition is None and condition:
        problems.append(f"trường 'precondition': thời gian có điều kiện '({condition})' nhưng chưa khai báo điều kiện")
    if item.precondition is not None:
        known = plan.preconditions_by_name.get(item.precondition)
        if known is None:
            problems.append(
                f"trường 'precondition': điều kiện '{item.precondition}' không có trong 'preconditions'"
                + nearest(item.precondition, list(plan.preconditions_by_name))
            )
        elif condition and normalise(condition) != normalise(known.text):
            problems.append(f"trường 'precondition': '({condition})' khác với điều kiện '{known.name}': '{known.text}'")
    if item.undated_product and meaning.kind == "once":
        problems.append("trường 'undated_product': chỉ dùng khi thời gian thực hiện lặp lại hoặc theo yêu cầu")
    return problems


@dataclass(frozen=True)
class PlanFiles:
    """A plan and the directory it was checked against."""

    plan: Plan
    directory: Directory
    plan_path: Path
    directory_path: Path


def load_plan_files(plan_path: Path, directory_path: Path) -> PlanFiles:
    """Load both files; raise InvalidFiles listing every problem in either."""
    problems: list[str] = []
    plan = directory = None
    for loader, path in ((load_plan, plan_path), (load_directory, directory_path)):
        try:
            loaded = loader(path)
        except InvalidFiles as exc:
            problems.extend(exc.problems)
            continue
        if loader is load_plan:
            plan = loaded
        else:
            directory = loaded
    if plan is not None and directory is not None:
        problems.extend(plan_problems(plan, directory, plan_path))
    if problems:
        raise InvalidFiles(problems)
    return PlanFiles(plan, directory, plan_path, directory_path)
