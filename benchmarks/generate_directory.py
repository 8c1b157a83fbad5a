"""Write a large agency directory: the Vĩnh Long directory plus N generated organisations using labour.

Item II.3 of the reference plan binds every organisation that employs people (the group
`to-chuc-su-dung-lao-dong`); a real province has tens of thousands. This script adds N such
organisations to plan_definition/data/directory-vinh-long.yaml, reproducibly: the same N and seed
give the same file byte for byte, and the first K organisations of a larger N are those of N = K.

The file it writes is an ordinary dondoc directory file: it `include:`s the Vĩnh Long directory
(by a path relative to itself) and lists the generated agencies, so `DONDOC_DIRECTORY=<file>`
is all dondoc needs.

    python benchmarks/generate_directory.py --employers 60000 --seed 1 --output var/bench/directory-60000.yaml
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plan_definition.loading import REFERENCE_DIRECTORY, load_directory  # noqa: E402

ON = date(2025, 8, 1)  # the new province once its bodies were in place (Ban Quản lý Khu kinh tế: 31/7/2025)
CODE_PREFIX = "vl-sdld"  # sử dụng lao động; never a code of the shipped directory

# (kind of organisation, share, the department that oversees it, or None for its commune)
KINDS = [
    ("Công ty TNHH", 30, None),
    ("Công ty Cổ phần", 14, None),
    ("Doanh nghiệp tư nhân", 12, None),
    ("Hợp tác xã", 10, None),
    ("Công ty TNHH Một thành viên", 6, "vl-ban-quan-ly-khu-kinh-te"),
    ("Trường Mầm non", 7, None),
    ("Trường Tiểu học", 8, None),
    ("Trường Trung học cơ sở", 5, None),
    ("Trường Trung học phổ thông", 2, "vl-so-giao-duc-va-dao-tao"),
    ("Trạm Y tế", 3, None),
    ("Trung tâm Y tế khu vực", 1, "vl-so-y-te"),
    ("Chi nhánh Ngân hàng", 2, "vl-so-tai-chinh"),
]
TRADES = [
    "", "", "", "Thương mại", "Dịch vụ", "Thương mại Dịch vụ", "Xây dựng", "Thủy sản", "Chế biến Dừa",
    "Nông sản", "Vận tải", "May mặc", "Cơ khí", "Vật liệu Xây dựng", "Du lịch", "Xuất nhập khẩu",
]  # fmt: skip
FIRST = [
    "An", "Bình", "Cát", "Đại", "Đông", "Gia", "Hải", "Hòa", "Hoàng", "Hồng", "Hưng", "Hữu", "Kim", "Long",
    "Minh", "Nam", "Ngọc", "Nhật", "Phú", "Phúc", "Phước", "Quang", "Sao", "Tân", "Thái", "Thành", "Thiên",
    "Thịnh", "Thuận", "Tiến", "Toàn", "Trung", "Trường", "Tường", "Vạn", "Việt", "Vĩnh", "Xuân",
]  # fmt: skip
SECOND = [
    "An", "Bảo", "Châu", "Cường", "Danh", "Đạt", "Điền", "Đức", "Gia", "Hà", "Hiệp", "Khang", "Khánh", "Lộc",
    "Lợi", "Long", "Mỹ", "Nghĩa", "Nguyên", "Phát", "Phong", "Quý", "Sơn", "Tài", "Tâm", "Thanh", "Thắng",
    "Thịnh", "Thông", "Tín", "Trí", "Uy", "Vân", "Vinh", "Vượng", "Ý",
]  # fmt: skip
SCHOOL_PATRONS = [
    "Nguyễn Du", "Lê Lợi", "Trần Hưng Đạo", "Võ Thị Sáu", "Nguyễn Đình Chiểu", "Lý Tự Trọng", "Kim Đồng",
    "Trần Phú", "Lê Quý Đôn", "Nguyễn Trãi", "Chu Văn An", "Hoa Sen", "Hướng Dương", "Sơn Ca", "Họa Mi",
]  # fmt: skip


def _parents() -> tuple[list[tuple[str, str]], set[str]]:
    """The new province's communes (code, place name) and the codes of its bodies, from the shipped directory."""
    directory = load_directory(REFERENCE_DIRECTORY).on(ON)
    communes = [
        (a.code, a.name.removeprefix("Ủy ban nhân dân ").strip())
        for a in directory.agencies
        if a.kind == "ubnd-cap-xa" and a.code.startswith("vl-")
    ]
    if not communes:
        raise SystemExit(f"{REFERENCE_DIRECTORY}: không có đơn vị cấp xã nào của tỉnh mới")
    return communes, set(directory.by_code)


def _name(rng: random.Random, kind: str, place: str) -> str:
    if kind.startswith(("Trường", "Trạm", "Trung tâm")):
        if kind.startswith("Trường") and rng.random() < 0.5:
            return f"{kind} {rng.choice(SCHOOL_PATRONS)}, {place}"
        return f"{kind} {place}"
    if kind == "Chi nhánh Ngân hàng":
        return f"Chi nhánh Ngân hàng {rng.choice(['Nông nghiệp và Phát triển Nông thôn', 'Chính sách xã hội'])} {place}"
    trade = rng.choice(TRADES)
    brand = f"{rng.choice(FIRST)} {rng.choice(SECOND)}"
    return " ".join(part for part in (kind, trade, brand) if part)


def employers(count: int, seed: int) -> list[dict]:
    """`count` organisations using labour, each from its own seeded generator (so a prefix stays the same)."""
    communes, known = _parents()
    kinds = [k for k, _, _ in KINDS]
    weights = [w for _, w, _ in KINDS]
    overseer = {k: o for k, _, o in KINDS}
    missing = {o for o in overseer.values() if o} - known
    if missing:
        raise SystemExit(f"{REFERENCE_DIRECTORY}: thiếu cơ quan {', '.join(sorted(missing))}")
    used: set[str] = set()
    result = []
    for n in range(1, count + 1):
        rng = random.Random(f"{seed}:{n}")
        kind = rng.choices(kinds, weights)[0]
        commune, place = rng.choice(communes)
        name = _name(rng, kind, place)
        if name in used:  # the same brand twice: the second is told apart by its place, then by its number
            name = f"{name}, {place}" if f"{name}, {place}" not in used else f"{name} (số {n})"
        used.add(name)
        code = f"{CODE_PREFIX}-{n:06d}"
        head_title = (
            "Hiệu trưởng" if kind.startswith("Trường") else "Trưởng trạm" if kind == "Trạm Y tế" else "Giám đốc"
        )
        if kind == "Hợp tác xã":
            head_title = "Giám đốc Hợp tác xã"
        result.append(
            {
                "code": code,
                "name": name,
                "kind": "to-chuc-su-dung-lao-dong",
                "parent": overseer[kind] or commune,
                "head": {"title": f"{head_title} {name}", "email": f"lanhdao@{code}.vinhlong.example"},
                "contact": {
                    "title": f"Cán bộ đầu mối thực hiện dân chủ ở cơ sở, {name}",
                    "email": f"daumoi@{code}.vinhlong.example",
                },
            }
        )
    return result


HEADER = """\
# Danh bạ thử tải: danh bạ tỉnh Vĩnh Long kèm {shown} cơ quan, tổ chức, đơn vị có sử dụng lao động (mục II.3).
#
# TỆP SINH TỰ ĐỘNG bởi benchmarks/generate_directory.py --employers {count} --seed {seed}; không sửa tay.
# Tên, mã và địa chỉ đều là giả (tên miền dành riêng .example, RFC 2606); mỗi tổ chức có cấp trên là đơn vị
# cấp xã nơi đặt trụ sở hoặc sở quản lý ngành, chỉ dùng để chuyển cấp khi quá hạn.
"""


def document(count: int, seed: int, output: Path) -> str:
    include = os.path.relpath(REFERENCE_DIRECTORY, output.resolve().parent)
    body = {
        "include": [include],
        "province": "Vĩnh Long",
        "source": f"Sinh tự động (benchmarks/generate_directory.py, hạt giống {seed}); không phải dữ liệu thật.",
        "agencies": employers(count, seed),
    }
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(body, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120)
    shown = f"{count:,}".replace(",", ".")  # Vietnamese thousands separator
    return HEADER.format(count=count, seed=seed, shown=shown) + text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, required=True, help="number of organisations using labour to add")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, required=True, help="the directory file to write")
    args = parser.parse_args(argv)
    if args.employers < 0:
        parser.error("--employers must be 0 or more")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(document(args.employers, args.seed, args.output), encoding="utf-8")
    print(f"{args.output}: {args.employers} organisations using labour added to {REFERENCE_DIRECTORY.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
