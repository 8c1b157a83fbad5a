"""A national data set for dondoc, generated reproducibly from a seed.

    python -m benchmarks.national OUT [--seed 1] [--employers 500] [--provinces 34 | --province vinh-long]

writes into OUT:

- `directory.json` (JSON is YAML: the fields of any directory file): for each of the 34 provinces after 1 July
  2025 (benchmarks/data/provinces-2025-07-01.json, derived from the statistics office's list of splits and
  mergers; the project's own copy, never ../shared at run time), its People's Committee, its office, its
  departments (Sở Nội vụ among them), its Front and Labour Federation, its press body, each of its
  commune-level units (3,321 in all) and `--employers` organisations using labour; every code carries the
  province's prefix (`vinh-long-so-noi-vu`) and each province has its own groups (`vinh-long-ubnd-cap-xa` …),
  listed by members, so one directory carries the whole country and one plan file never reaches into another
  province; - `plans/`: for each province, the reference plan (Kế hoạch 86/KH-UBND, applied to that province:
  its own number, issuer and bodies; the district level, which no longer exists, left out) and the second plan
  (the sample Kế hoạch 45/KH-UBND of 2026), to which the benchmark adds one duty for the organisations using
  labour: a quarterly report (item IV.3, *Hằng quý*), so that each employer owes nine results over 2026–2027
  besides its Quy chế (item 3 of the reference plan); - `manifest.json`: the parameters and the counts.

Point DONDOC_DIRECTORY at OUT/directory.json and DONDOC_PLANS at OUT/plans, then `dondoc init`.
With `--province vinh-long` (or `--provinces 1`) the same format holds one province: what a Sở Nội vụ
would run; the national directory is what one installation for the whole country holds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import unicodedata
from pathlib import Path

import yaml

from plan_definition.loading import REFERENCE_PLANS, SAMPLE_PLAN

HERE = Path(__file__).resolve().parent
PROVINCES_FILE = HERE / "data" / "provinces-2025-07-01.json"
REFERENCE_PLAN_FILE = REFERENCE_PLANS / "ke-hoach-86-kh-ubnd-2023.yaml"
SECOND_PLAN_FILE = SAMPLE_PLAN
DEFAULT_EMPLOYERS = 500

# A province's own bodies after 1/7/2025 (Nghị định 150/2025/NĐ-CP: 13 departments; code, name, kind, head).
PROVINCIAL = [
    ("ubnd-tinh", "Ủy ban nhân dân {tinh}", "ubnd-cap-tinh", "Chủ tịch Ủy ban nhân dân {tinh}"),
    ("van-phong-ubnd-tinh", "Văn phòng Ủy ban nhân dân {tinh}", "co-quan-chuyen-mon", "Chánh Văn phòng"),
    ("so-noi-vu", "Sở Nội vụ", "co-quan-chuyen-mon", "Giám đốc Sở Nội vụ"),
    ("so-tu-phap", "Sở Tư pháp", "co-quan-chuyen-mon", "Giám đốc Sở Tư pháp"),
    ("so-tai-chinh", "Sở Tài chính", "co-quan-chuyen-mon", "Giám đốc Sở Tài chính"),
    ("so-cong-thuong", "Sở Công Thương", "co-quan-chuyen-mon", "Giám đốc Sở Công Thương"),
    ("so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường", "co-quan-chuyen-mon", "Giám đốc Sở"),
    ("so-xay-dung", "Sở Xây dựng", "co-quan-chuyen-mon", "Giám đốc Sở Xây dựng"),
    ("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ", "co-quan-chuyen-mon", "Giám đốc Sở"),
    ("so-van-hoa-the-thao-du-lich", "Sở Văn hóa, Thể thao và Du lịch", "co-quan-chuyen-mon", "Giám đốc Sở"),
    ("so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo", "co-quan-chuyen-mon", "Giám đốc Sở"),
    ("so-y-te", "Sở Y tế", "co-quan-chuyen-mon", "Giám đốc Sở Y tế"),
    ("so-dan-toc-va-ton-giao", "Sở Dân tộc và Tôn giáo", "co-quan-chuyen-mon", "Giám đốc Sở"),
    ("thanh-tra-tinh", "Thanh tra {tinh}", "co-quan-chuyen-mon", "Chánh Thanh tra"),
    ("ban-quan-ly-khu-kinh-te", "Ban Quản lý các khu công nghiệp {tinh}", "don-vi-truc-thuoc", "Trưởng ban"),
    ("bao-va-phat-thanh-truyen-hinh", "Báo và Phát thanh, Truyền hình {ten}", "co-quan-bao-chi", "Tổng Biên tập"),
    ("mttq-tinh", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam {tinh}", "to-chuc-chinh-tri-xa-hoi", "Chủ tịch"),
    ("lien-doan-lao-dong-tinh", "Liên đoàn Lao động {tinh}", "to-chuc-chinh-tri-xa-hoi", "Chủ tịch"),
]
DEPARTMENT_KINDS = ("co-quan-chuyen-mon", "don-vi-truc-thuoc")
# The reference plan names Trà Vinh's bodies of 2023; each maps onto the province's body of today (the
# mergers of 1/3/2025), or onto nothing (the district level ended on 1/7/2025).
REFERENCE_CODES = {
    "trung-tam-tin-hoc-cong-bao": "van-phong-ubnd-tinh",
    "so-thong-tin-va-truyen-thong": "so-khoa-hoc-va-cong-nghe",
    "dai-phat-thanh-truyen-hinh": "bao-va-phat-thanh-truyen-hinh",
    "bao-tra-vinh": "bao-va-phat-thanh-truyen-hinh",
    "so-lao-dong-tbxh": "so-noi-vu",
    "ubnd-cap-huyen": None,
}
GROUPS = [
    ("so-ban-nganh-tinh", "Các sở, ban, ngành tỉnh", ["Các sở, ban, ngành tỉnh", "Các cơ quan chuyên môn"]),
    ("cac-co-quan-don-vi", "Các cơ quan, đơn vị", ["Các cơ quan, đơn vị có liên quan"]),
    ("ubnd-cap-xa", "Ủy ban nhân dân cấp xã", ["UBND các xã, phường", "Ủy ban nhân dân các xã, phường"]),
    ("to-chuc-su-dung-lao-dong", "Các cơ quan, tổ chức, đơn vị có sử dụng lao động", ["Tổ chức sử dụng lao động"]),
]
EMPLOYER_DUTY = {
    "code": "IV.3",
    "parent": "IV",
    "title": "Các cơ quan, tổ chức, đơn vị có sử dụng lao động trên địa bàn tỉnh báo cáo kết quả thực hiện dân chủ "
    "ở cơ sở tại nơi làm việc",
    "lead_text": "Các cơ quan, tổ chức, đơn vị có sử dụng lao động.",
    "coordinator_text": "Sở Nội vụ.",
    "timeframe": "Hằng quý",
    "meaning": {"kind": "quarterly", "from_year": 2026},
}
FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Hợp tác xã", "Doanh nghiệp tư nhân", "Công ty TNHH MTV"]
WORDS = (
    "An Bình Phát Thành Đạt Hưng Thịnh Phú Quý Minh Long Hoàng Gia Việt Tiến Đông Tây Nam Bắc Sao Mai Hòa "
    "Trường Sơn Hải Hà Kim Ngọc Tân Đức Thắng Lợi Phúc Lộc Thọ Vạn Xuân Hồng Lam Thiên Ân Nhật Quang"
).split()
TRADES = ["May mặc", "Chế biến thủy sản", "Xây dựng", "Thương mại", "Vận tải", "Cơ khí", "Nông sản", "Dịch vụ"]


def slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def short_name(name: str) -> tuple[str, str]:
    """'Thành phố Hà Nội' → ('Hà Nội', 'thành phố Hà Nội'); 'Tỉnh Cao Bằng' or 'Vĩnh Long' → (…, 'tỉnh …')."""
    for prefix, word in (("Thành phố ", "thành phố"), ("Tỉnh ", "tỉnh")):
        if name.startswith(prefix):
            return name[len(prefix) :], f"{word} {name[len(prefix) :]}"
    return name, f"tỉnh {name}"


def load_provinces() -> list[dict]:
    return json.loads(PROVINCES_FILE.read_text(encoding="utf-8"))["provinces"]


def _agency(code: str, name: str, kind: str, head: str, domain: str, *, parent=None, gso=None) -> dict:
    entry = {"code": code, "name": name, "kind": kind}
    if parent:
        entry["parent"] = parent
    if gso:
        entry["gso_code"] = gso
    entry["head"] = {"title": head, "email": f"lanhdao@{code}.{domain}"}
    entry["contact"] = {
        "title": f"Cán bộ đầu mối thực hiện dân chủ ở cơ sở, {name}",
        "email": f"daumoi@{code}.{domain}",
    }
    return entry


def province_directory(province: dict, employers: int, rng: random.Random) -> tuple[list[dict], list[dict]]:
    """One province's agencies and groups, every code under the province's prefix."""
    short, tinh = short_name(province["name"])
    p = slug(short)
    domain = f"{p}.example"
    agencies, members = [], {g: [] for g, _, _ in GROUPS}
    for code, name, kind, head in PROVINCIAL:
        fill = {"tinh": tinh, "ten": short}
        agencies.append(
            _agency(f"{p}-{code}", name.format(**fill), kind, head.format(**fill), domain, parent=None if kind ==
                    "ubnd-cap-tinh" else f"{p}-ubnd-tinh")
        )  # fmt: skip
        if kind in DEPARTMENT_KINDS:
            members["so-ban-nganh-tinh"].append(f"{p}-{code}")
        if kind != "ubnd-cap-tinh":
            members["cac-co-quan-don-vi"].append(f"{p}-{code}")
    for commune in province["communes"]:
        code = f"{p}-ubnd-{slug(commune['name'])}"
        if code in members["ubnd-cap-xa"]:
            code = f"{code}-{commune['gso_code']}"
        agencies.append(
            _agency(code, f"Ủy ban nhân dân {commune['name'][0].lower()}{commune['name'][1:]}", "ubnd-cap-xa",
                    f"Chủ tịch Ủy ban nhân dân {commune['name'][0].lower()}{commune['name'][1:]}", domain,
                    parent=f"{p}-ubnd-tinh", gso=commune["gso_code"])
        )  # fmt: skip
        members["ubnd-cap-xa"].append(code)
    for n in range(1, employers + 1):
        code = f"{p}-dn-{n:05d}"
        name = f"{rng.choice(FORMS)} {rng.choice(TRADES)} {rng.choice(WORDS)} {rng.choice(WORDS)} {short}"
        agencies.append(_agency(code, name, "to-chuc-su-dung-lao-dong", "Giám đốc", domain, parent=f"{p}-ubnd-tinh"))
        members["to-chuc-su-dung-lao-dong"].append(code)
    groups = [
        {"code": f"{p}-{g}", "name": f"{name} ({short})", "aliases": [f"{a} {tinh}" for a in aliases],
         "members": members[g]}
        for g, name, aliases in GROUPS
    ]  # fmt: skip
    return agencies, groups


def _map_code(code: str, p: str, provincial: set[str]) -> str | None:
    code = code.removeprefix("vl-")
    code = REFERENCE_CODES.get(code, code)
    if code is None:
        return None
    if code in provincial or code in {g for g, _, _ in GROUPS}:
        return f"{p}-{code}"
    raise ValueError(f"the plan names '{code}', which the generated directory has no body for")


def _codes(codes: list[str], p: str, provincial: set[str]) -> list[str]:
    out: list[str] = []
    for code in codes:
        mapped = _map_code(code, p, provincial)
        if mapped is not None and mapped not in out:
            out.append(mapped)
    return out


def applied_plan(template: dict, province: dict, number: str, *, employer_duty: bool) -> dict:
    """The plan `template` as province `province` issues it: its number, its name, its bodies."""
    short, tinh = short_name(province["name"])
    p = slug(short)
    provincial = {code for code, *_ in PROVINCIAL}
    text = json.dumps(template, ensure_ascii=False, default=str)
    for old in ("tỉnh Trà Vinh", "tỉnh Vĩnh Long"):
        text = text.replace(old, tinh)
    for old in ("Trà Vinh", "Vĩnh Long"):
        text = text.replace(old, short)
    plan = json.loads(text)
    plan["number"] = number
    plan["issuer"] = f"Ủy ban nhân dân {tinh}"
    plan["place"] = short
    for key in ("monitor",):
        plan[key] = _map_code(plan[key], p, provincial)
    for key in ("collector", "report_to"):
        plan["reporting"][key] = _map_code(plan["reporting"][key], p, provincial)
    plan["reporting"]["binds"] = _codes(plan["reporting"].get("binds", []), p, provincial)
    plan["escalation"]["leadership"] = _codes(plan["escalation"]["leadership"], p, provincial)
    plan["escalation"]["provincial_chain"] = _map_code(plan["escalation"]["provincial_chain"], p, provincial)
    items = []
    for item in plan["items"]:
        item["leads"] = _codes(item.get("leads", []), p, provincial)
        if "coordinators" in item:
            item["coordinators"] = _codes(item["coordinators"], p, provincial)
        if item["leads"]:  # an item only the districts led ends with them
            items.append(item)
    kept = {i["code"] for i in items}
    plan["reporting"]["compiled_by_monitor"] = [
        c for c in plan["reporting"].get("compiled_by_monitor", []) if c in kept
    ]
    if employer_duty:
        items.append(dict(EMPLOYER_DUTY, leads=[f"{p}-to-chuc-su-dung-lao-dong"], coordinators=[f"{p}-so-noi-vu"]))
    plan["items"] = items
    return plan


def _dump(data, path: Path, header: str) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(header + body, encoding="utf-8")


def generate(out: Path, *, seed: int = 1, employers: int = DEFAULT_EMPLOYERS, provinces: int | None = None,
             province: str | None = None) -> dict:  # fmt: skip
    """Write the directory, the plans and the manifest into `out`; return the manifest."""
    rng = random.Random(seed)
    chosen = load_provinces()
    if province is not None:
        chosen = [p for p in chosen if slug(short_name(p["name"])[0]) == province]
        if not chosen:
            raise SystemExit(f"no province '{province}'; try e.g. vinh-long, ha-noi, ho-chi-minh")
    elif provinces is not None:
        chosen = chosen[:provinces]
    reference = yaml.safe_load(REFERENCE_PLAN_FILE.read_text(encoding="utf-8"))
    second = yaml.safe_load(SECOND_PLAN_FILE.read_text(encoding="utf-8"))
    numbers = rng.sample(range(10, 1000), 2 * len(chosen))
    agencies: list[dict] = []
    groups: list[dict] = []
    plans_dir = out / "plans"
    plans_dir.mkdir(parents=True, exist_ok=True)
    for old in plans_dir.glob("*.yaml"):
        old.unlink()
    header = "# SINH TỰ ĐỘNG bởi benchmarks/national.py (seed {seed}); dữ liệu thử tải, địa chỉ giả .example.\n"
    for n, prov in enumerate(chosen):
        a, g = province_directory(prov, employers, rng)
        agencies += a
        groups += g
        p = slug(short_name(prov["name"])[0])
        for template, number, duty in ((reference, numbers[2 * n], False), (second, numbers[2 * n + 1], True)):
            plan = applied_plan(template, prov, f"{number}/KH-UBND", employer_duty=duty)
            year = str(plan["date"])[:4]
            _dump(plan, plans_dir / f"{p}-{number}-kh-ubnd-{year}.yaml", header.format(seed=seed))
    name = short_name(chosen[0]["name"])[0] if len(chosen) == 1 else "Việt Nam"
    directory = {
        "province": name,
        "source": f"benchmarks/national.py, seed {seed}: {PROVINCES_FILE.name} (dvhcvn 01/07/2025)",
        "as_of": "2025-07-01",
        "agencies": agencies,
        "groups": groups,
    }
    # JSON, which is YAML too: the same fields as a hand-written directory file, read ten times faster
    (out / "directory.json").write_text(json.dumps(directory, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    manifest = {
        "seed": seed,
        "employers_per_province": employers,
        "provinces": len(chosen),
        "communes": sum(len(p["communes"]) for p in chosen),
        "agencies": len(agencies),
        "plans": 2 * len(chosen),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--employers", type=int, default=DEFAULT_EMPLOYERS, help="organisations per province")
    parser.add_argument("--provinces", type=int, default=None, help="the first N provinces only")
    parser.add_argument("--province", default=None, help="one province only, by slug (vinh-long)")
    args = parser.parse_args(argv)
    manifest = generate(args.out, seed=args.seed, employers=args.employers, provinces=args.provinces,
                        province=args.province)  # fmt: skip
    print(json.dumps(manifest, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
