"""Build a directory file from the list of agencies an office already keeps (.xlsx or .csv): every row or none.

One row per agency: name, kind, parent, the head's title and email, the focal contact's
title and email. Codes are made from the names when the list has none; the usual groups
(*Các sở, ban, ngành tỉnh*, *Ủy ban nhân dân cấp xã* …) are made from the kinds present.
The result is a dict in the schema of `plan_definition.directory`, checked by its loader.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from ..directory import KIND_NAMES
from ..errors import PlanError
from ..fields import SLUG_PATTERN, Email
from ..spreadsheets import Choices, Column, read_rows, write_sheet
from .vietnamese import fold, slugify

COLUMNS = [
    Column("code", "Mã", False, "Mã không dấu, chữ thường, nối bằng gạch ngang (so-noi-vu); để trống: tạo từ tên"),
    Column("name", "Tên cơ quan", True, "Tên đầy đủ như trong văn bản: Sở Nông nghiệp và Môi trường"),
    Column(
        "kind",
        "Loại",
        True,
        "Một trong: " + "; ".join(f"{code} ({name})" for code, name in KIND_NAMES.items()),
    ),
    Column(
        "parent",
        "Cơ quan cấp trên",
        False,
        "Mã hoặc tên của cơ quan cấp trên có trong danh sách (xã → huyện; sở → Ủy ban nhân dân tỉnh)",
    ),
    Column("gso_code", "Mã thống kê", False, "Mã đơn vị hành chính của cơ quan thống kê (cấp huyện, cấp xã)"),
    Column("aliases", "Tên gọi khác", False, "Tên viết tắt, tên cũ, ngăn cách bằng dấu chấm phẩy: SNV; Sở Nội vụ tỉnh"),
    Column("head_title", "Chức vụ người đứng đầu", True, "Ví dụ: Giám đốc Sở Nội vụ"),
    Column("head_name", "Họ tên người đứng đầu", False, "Có thể để trống: thư gửi theo chức vụ"),
    Column("head_email", "Thư điện tử người đứng đầu", True, "Địa chỉ nhận thư đôn đốc gửi người đứng đầu"),
    Column("contact_title", "Chức vụ cán bộ đầu mối", False, "Để trống: 'Cán bộ đầu mối, <tên cơ quan>'"),
    Column("contact_name", "Họ tên cán bộ đầu mối", False, "Có thể để trống"),
    Column("contact_email", "Thư điện tử cán bộ đầu mối", True, "Địa chỉ nhận thư nhắc việc"),
    Column("groups", "Nhóm khác", False, "Tên các nhóm riêng có cơ quan này, ngăn cách bằng dấu chấm phẩy"),
]
_LABELS = {c.key: c.label for c in COLUMNS}
# Headings offices write for the same columns.
_HEADER_SYNONYMS = {
    "name": ("ten", "ten don vi", "ten co quan don vi", "ten co quan, don vi"),
    "kind": ("loai co quan", "loai hinh", "loai don vi"),
    "parent": ("cap tren", "truc thuoc", "don vi cap tren"),
    "head_email": ("email nguoi dung dau", "e-mail nguoi dung dau", "thu dien tu lanh dao", "email lanh dao"),
    "contact_email": ("email can bo dau moi", "email dau moi", "e-mail can bo dau moi", "thu dien tu dau moi"),
    "head_title": ("chuc vu lanh dao", "chuc danh nguoi dung dau"),
    "contact_title": ("chuc vu dau moi", "chuc danh can bo dau moi"),
}
_HEADER_KEYS = (
    {fold(c.label): c.key for c in COLUMNS}
    | {c.key: c.key for c in COLUMNS}
    | {fold(word): key for key, words in _HEADER_SYNONYMS.items() for word in words}
)
_KINDS = {fold(name): code for code, name in KIND_NAMES.items()} | {fold(code): code for code in KIND_NAMES}
_EMAIL = TypeAdapter(Email)

# The groups plans name, made from the kinds the list holds; a group with no member is left out.
STANDARD_GROUPS = [
    (
        "cac-co-quan-don-vi",
        "Các cơ quan, đơn vị",
        ["co-quan-chuyen-mon", "don-vi-truc-thuoc", "ubnd-cap-huyen"],
        [
            "các cơ quan, đơn vị có liên quan",
            "các cơ quan, đơn vị liên quan",
            "các cơ quan, đơn vị, địa phương có liên quan",
            "các cơ quan, đơn vị, địa phương",
            "các cơ quan có liên quan",
            "các đơn vị có liên quan",
        ],
    ),
    (
        "so-ban-nganh-tinh",
        "Các sở, ban, ngành tỉnh",
        ["co-quan-chuyen-mon", "don-vi-truc-thuoc"],
        ["các sở, ban, ngành", "sở, ban, ngành tỉnh", "các sở, ngành", "các sở, ngành tỉnh"],
    ),
    (
        "co-quan-chuyen-mon-tinh",
        "Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
        ["co-quan-chuyen-mon"],
        ["các cơ quan chuyên môn thuộc UBND tỉnh"],
    ),
    (
        "ubnd-cap-huyen",
        "Ủy ban nhân dân cấp huyện",
        ["ubnd-cap-huyen"],
        ["UBND cấp huyện", "Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố"],
    ),
    (
        "ubnd-cap-xa",
        "Ủy ban nhân dân cấp xã",
        ["ubnd-cap-xa"],
        [
            "UBND cấp xã",
            "Ủy ban nhân dân các xã, phường",
            "UBND các xã, phường",
            "Ủy ban nhân dân các xã, phường, đặc khu",
            "UBND các xã, phường, đặc khu",
            "Ủy ban nhân dân các xã, phường, thị trấn",
            "UBND các xã, phường, thị trấn",
        ],
    ),
    (
        "to-chuc-su-dung-lao-dong",
        "Các cơ quan, tổ chức, đơn vị có sử dụng lao động",
        ["to-chuc-su-dung-lao-dong"],
        ["các cơ quan, tổ chức, đơn vị có sử dụng lao động", "tổ chức sử dụng lao động"],
    ),
]


class DirectoryListRejected(PlanError):
    """At least one row of the list is wrong; no directory was written."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        super().__init__(
            f"{path}: không tạo danh bạ vì có {len(problems)} lỗi:\n" + "\n".join(f"  {p}" for p in problems)
        )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date().isoformat()
    return re.sub(r"\s+", " ", str(value)).strip()


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def read_directory_list(path: Path, province: str | None = None) -> dict:
    """The directory the list describes, as a dict in the directory schema; raises listing every bad row."""
    path = Path(path)
    rows = [(n, [_cell(v) for v in r]) for n, r in read_rows(path, PlanError)]
    rows = [(n, r) for n, r in rows if any(r)]
    if not rows:
        raise PlanError(f"{path}: tệp trống, cần dòng tiêu đề: {', '.join(c.label for c in COLUMNS)}")
    header_number, header = rows[0]
    keys = [_HEADER_KEYS.get(fold(h)) if h else None for h in header]
    unknown = [h for h, k in zip(header, keys) if h and k is None]
    missing = [c.label for c in COLUMNS if c.required and c.key not in keys]
    if missing or unknown:
        parts = [f"thiếu cột {', '.join(repr(m) for m in missing)}"] if missing else []
        parts += [f"cột không được hỗ trợ {', '.join(repr(u) for u in unknown)}"] if unknown else []
        raise PlanError(
            f"{path}: dòng {header_number}: {'; '.join(parts)}; các cột: {', '.join(c.label for c in COLUMNS)}"
        )
    problems: list[str] = []
    entries: list[tuple[int, dict]] = []
    for number, cells in rows[1:]:
        values = {k: (cells[i] if i < len(cells) else "") for i, k in enumerate(keys) if k}
        entries.append((number, values))

    def bad(number: int, key: str, value: str, expected: str) -> None:
        problems.append(f"dòng {number}, cột '{_LABELS[key]}': giá trị '{value}': {expected}")

    agencies: list[dict] = []
    rows_of: dict[str, int] = {}
    by_name: dict[str, str] = {}
    extra_groups: dict[str, list[str]] = {}
    for number, values in entries:
        for column in COLUMNS:
            if column.required and not values.get(column.key):
                bad(number, column.key, "", "không được để trống")
        name = values.get("name", "")
        code = values.get("code") or slugify(name)
        if values.get("code") and not re.match(SLUG_PATTERN, code):
            bad(number, "code", code, "mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang")
        elif code in rows_of:
            bad(
                number,
                "code" if values.get("code") else "name",
                values.get("code") or name,
                f"mã '{code}' trùng với dòng {rows_of[code]}",
            )
        rows_of.setdefault(code, number)
        kind = _KINDS.get(fold(values.get("kind", ""))) if values.get("kind") else None
        if values.get("kind") and kind is None:
            bad(number, "kind", values["kind"], "loại phải là một trong: " + ", ".join(KIND_NAMES))
        emails = {}
        for key in ("head_email", "contact_email"):
            if values.get(key):
                try:
                    emails[key] = _EMAIL.validate_python(values[key])
                except ValidationError:
                    bad(number, key, values[key], "địa chỉ thư điện tử không hợp lệ (ví dụ ten@so-noi-vu.gov.vn)")
        for alias in [name, *_split(values.get("aliases", ""))]:
            by_name.setdefault(fold(alias), code)
        for group in _split(values.get("groups", "")):
            extra_groups.setdefault(group, []).append(code)
        agency = {
            "code": code,
            "name": name,
            "kind": kind,
            "parent": values.get("parent") or None,
            "gso_code": values.get("gso_code") or None,
            "aliases": _split(values.get("aliases", "")),
            "head": {
                "name": values.get("head_name") or None,
                "title": values.get("head_title", ""),
                "email": emails.get("head_email", ""),
            },
            "contact": {
                "name": values.get("contact_name") or None,
                "title": values.get("contact_title") or f"Cán bộ đầu mối, {name}",
                "email": emails.get("contact_email", ""),
            },
        }
        agencies.append((number, agency))
    for number, agency in agencies:
        parent = agency["parent"]
        if parent is None:
            continue
        found = parent if parent in rows_of else by_name.get(fold(parent))
        if found is None or found == agency["code"]:
            bad(number, "parent", parent, "phải là mã hoặc tên của một cơ quan khác có trong danh sách")
        agency["parent"] = found
    if not agencies:
        problems.append("không có dòng cơ quan nào dưới dòng tiêu đề")
    province = province or _province_of([a for _, a in agencies])
    if not province:
        problems.append(
            "không xác định được tỉnh: thêm dòng Ủy ban nhân dân tỉnh (loại ubnd-cap-tinh) hoặc dùng --province"
        )
    if problems:
        raise DirectoryListRejected(path, problems)
    listed = [a for _, a in agencies]
    return {
        "province": province,
        "source": f"Nhập từ danh sách {path.name}",
        "agencies": [{k: v for k, v in a.items() if v not in (None, [])} for a in listed],
        "groups": _groups(listed, extra_groups),
    }


def _province_of(agencies: list[dict]) -> str | None:
    for agency in agencies:
        if agency["kind"] == "ubnd-cap-tinh":
            if match := re.search(r"\b(?:tỉnh|thành phố)\s+(.+)$", agency["name"]):
                return match.group(1).strip()
    return None


def _groups(agencies: list[dict], extra: dict[str, list[str]]) -> list[dict]:
    kinds = {a["kind"] for a in agencies}
    codes = {a["code"] for a in agencies}
    groups = []
    for code, name, group_kinds, aliases in STANDARD_GROUPS:
        present = [k for k in group_kinds if k in kinds]
        if present and code not in codes:
            groups.append({"code": code, "name": name, "kinds": present, "aliases": aliases})
    taken = codes | {g["code"] for g in groups}
    for name, members in extra.items():
        code = slugify(name) or "nhom"
        code, n = (code, 2) if code not in taken else (f"{code}-2", 3)
        while code in taken:
            code, n = f"{slugify(name)}-{n}", n + 1
        taken.add(code)
        groups.append({"code": code, "name": name, "members": members})
    return groups


def directory_yaml(directory: dict, comment: str = "") -> str:
    lines = [f"# {line}" if line else "#" for line in comment.splitlines()]
    body = yaml.safe_dump(directory, allow_unicode=True, sort_keys=False, width=120)
    return ("\n".join(lines) + "\n" if lines else "") + body


# What a name the directory lacks probably is, by the word it starts with.
_GUESSED_KINDS = [
    (r"^(?:ủy ban nhân dân|ubnd) (?:các )?(?:xã|phường|thị trấn|đặc khu)\b", "ubnd-cap-xa"),
    (r"^(?:ủy ban nhân dân|ubnd) (?:các )?(?:huyện|thị xã|quận)\b", "ubnd-cap-huyen"),
    (r"^(?:ủy ban nhân dân|ubnd) (?:tỉnh|thành phố)\b", "ubnd-cap-tinh"),
    (r"^(?:sở|thanh tra|văn phòng)\b", "co-quan-chuyen-mon"),
    (r"^(?:báo|đài)\b", "co-quan-bao-chi"),
    (r"^(?:trung tâm|trường|bệnh viện|viện)\b", "don-vi-su-nghiep"),
    (r"^(?:hội đồng)\b", "hoi-dong"),
    (r"^(?:hội|liên đoàn|tỉnh đoàn|đoàn|ủy ban mặt trận|mặt trận|ban thường trực)\b", "to-chuc-chinh-tri-xa-hoi"),
]


def guess_kind(name: str) -> str:
    key = re.sub(r"^(?:các|những)\s+", "", name.strip().lower())
    return next((kind for pattern, kind in _GUESSED_KINDS if re.search(pattern, key)), "don-vi-truc-thuoc")


def is_group_name(name: str) -> bool:
    """ "Các cơ quan, đơn vị", "Những đơn vị …": a set of agencies (a group to declare), not one agency."""
    return fold(name).split(" ", 1)[0] in ("cac", "nhung")


def skeleton_rows(names: list[str]) -> list[dict]:
    """One template row per agency name the directory lacks, with the kind guessed and the addresses to fill in."""
    rows, seen = [], set()
    for name in names:
        code = slugify(name, max_words=7)
        if not code or code in seen or is_group_name(name):
            continue
        seen.add(code)
        rows.append(
            {
                "code": code,
                "name": name,
                "kind": guess_kind(name),
                "head_title": f"Người đứng đầu {name}",
                "head_email": f"lanhdao@{code}.example",
                "contact_title": f"Cán bộ đầu mối, {name}",
                "contact_email": f"daumoi@{code}.example",
            }
        )
    return rows


def skeleton_directory(names: list[str], province: str) -> dict:
    """A directory of the names a plan named but the directory lacks, ready to fill in (addresses under .example)."""
    agencies = [
        {
            "code": r["code"],
            "name": r["name"],
            "kind": r["kind"],
            "head": {"name": None, "title": r["head_title"], "email": r["head_email"]},
            "contact": {"name": None, "title": r["contact_title"], "email": r["contact_email"]},
        }
        for r in skeleton_rows(names)
    ]
    return {"province": province, "source": "Tên trong kế hoạch chưa có trong danh bạ", "agencies": agencies}


def write_rows(path: Path, rows: list[dict]) -> None:
    """Rows in the list's layout: .csv, or .xlsx with a sheet explaining each column."""
    write_sheet(
        path,
        COLUMNS,
        rows,
        title="Danh bạ",
        refuse=PlanError,
        choices=Choices("kind", list(KIND_NAMES)),
        notes=[
            ("Tỉnh", "Lấy từ tên Ủy ban nhân dân tỉnh (loại ubnd-cap-tinh), hoặc ghi bằng --province"),
            ("Nhập", "dondoc agencies import TỆP -o danh-ba.yaml: nhập tất cả các dòng hoặc không dòng nào"),
        ],
    )
