"""Regenerate plan_definition/data/directory-vinh-long.yaml: the reorganisations of 2025 and the new province.

Reads the statistics office's split list (dvhcvn-2025-07-01-splits.json) and list of units of 1/3/2025
(dvhcvn-2025-03-01.json), and the project's own directory-tra-vinh.yaml for the old communes' codes.
dondoc itself never reads the JSON files: it reads only the YAML this script writes.

    python scripts/build_vinh_long_directory.py /path/to/shared/data
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "plan_definition" / "data"
OLD_PROVINCE = "84"  # Tỉnh Trà Vinh in the list of 1/3/2025
NEW_PROVINCE = "86"  # the new Tỉnh Vĩnh Long (Bến Tre 83, Trà Vinh 84 and Vĩnh Long 86 merged)

# Trà Vinh's departments merged on 1/3/2025 (Lao Động, 21/02/2025; Báo Dân tộc & Phát triển: in operation from 1/3/2025).
MARCH_NEW = [
    ("so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường", "co-quan-chuyen-mon", ["Sở NN&MT"]),
    ("so-dan-toc-va-ton-giao", "Sở Dân tộc và Tôn giáo", "co-quan-chuyen-mon", ["Sở DT&TG"]),
]
MARCH_CHANGES = [
    (["so-ke-hoach-va-dau-tu"], ["so-tai-chinh"], "hợp nhất vào Sở Tài chính"),
    (["so-giao-thong-van-tai"], ["so-xay-dung"], "hợp nhất vào Sở Xây dựng"),
    (["so-thong-tin-va-truyen-thong"], ["so-khoa-hoc-va-cong-nghe"], "hợp nhất vào Sở Khoa học và Công nghệ"),
    (
        ["so-nong-nghiep-va-ptnt", "so-tai-nguyen-va-moi-truong"],
        ["so-nong-nghiep-va-moi-truong"],
        "hợp nhất thành Sở Nông nghiệp và Môi trường",
    ),
    (["so-lao-dong-tbxh"], ["so-noi-vu"], "hợp nhất vào Sở Nội vụ"),
    (
        ["ban-dan-toc"],
        ["so-dan-toc-va-ton-giao"],
        "thành lập Sở Dân tộc và Tôn giáo (nhận thêm quản lý nhà nước về tôn giáo)",
    ),
]

# The new Vĩnh Long's provincial bodies (code, name, kind, head title, predecessors in Trà Vinh, note).
PROVINCIAL = [
    (
        "ubnd-tinh",
        "Ủy ban nhân dân tỉnh Vĩnh Long",
        "ubnd-cap-tinh",
        "Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long",
        ["ubnd-tinh"],
    ),
    (
        "van-phong-ubnd-tinh",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "co-quan-chuyen-mon",
        "Chánh Văn phòng Ủy ban nhân dân tỉnh",
        ["van-phong-ubnd-tinh", "trung-tam-tin-hoc-cong-bao"],
    ),
    ("so-noi-vu", "Sở Nội vụ", "co-quan-chuyen-mon", "Giám đốc Sở Nội vụ", ["so-noi-vu"]),
    ("so-tu-phap", "Sở Tư pháp", "co-quan-chuyen-mon", "Giám đốc Sở Tư pháp", ["so-tu-phap"]),
    ("so-tai-chinh", "Sở Tài chính", "co-quan-chuyen-mon", "Giám đốc Sở Tài chính", ["so-tai-chinh"]),
    ("so-cong-thuong", "Sở Công Thương", "co-quan-chuyen-mon", "Giám đốc Sở Công Thương", ["so-cong-thuong"]),
    (
        "so-nong-nghiep-va-moi-truong",
        "Sở Nông nghiệp và Môi trường",
        "co-quan-chuyen-mon",
        "Giám đốc Sở Nông nghiệp và Môi trường",
        ["so-nong-nghiep-va-moi-truong"],
    ),
    ("so-xay-dung", "Sở Xây dựng", "co-quan-chuyen-mon", "Giám đốc Sở Xây dựng", ["so-xay-dung"]),
    (
        "so-khoa-hoc-va-cong-nghe",
        "Sở Khoa học và Công nghệ",
        "co-quan-chuyen-mon",
        "Giám đốc Sở Khoa học và Công nghệ",
        ["so-khoa-hoc-va-cong-nghe"],
    ),
    (
        "so-van-hoa-the-thao-du-lich",
        "Sở Văn hóa, Thể thao và Du lịch",
        "co-quan-chuyen-mon",
        "Giám đốc Sở Văn hóa, Thể thao và Du lịch",
        ["so-van-hoa-the-thao-du-lich"],
    ),
    (
        "so-giao-duc-va-dao-tao",
        "Sở Giáo dục và Đào tạo",
        "co-quan-chuyen-mon",
        "Giám đốc Sở Giáo dục và Đào tạo",
        ["so-giao-duc-va-dao-tao"],
    ),
    ("so-y-te", "Sở Y tế", "co-quan-chuyen-mon", "Giám đốc Sở Y tế", ["so-y-te"]),
    ("thanh-tra-tinh", "Thanh tra tỉnh", "co-quan-chuyen-mon", "Chánh Thanh tra tỉnh", ["thanh-tra-tinh"]),
    (
        "so-dan-toc-va-ton-giao",
        "Sở Dân tộc và Tôn giáo",
        "co-quan-chuyen-mon",
        "Giám đốc Sở Dân tộc và Tôn giáo",
        ["so-dan-toc-va-ton-giao"],
    ),
    (
        "mttq-tinh",
        "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Vĩnh Long",
        "to-chuc-chinh-tri-xa-hoi",
        "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Vĩnh Long",
        ["mttq-tinh"],
    ),
    (
        "lien-doan-lao-dong-tinh",
        "Liên đoàn Lao động tỉnh Vĩnh Long",
        "to-chuc-chinh-tri-xa-hoi",
        "Chủ tịch Liên đoàn Lao động tỉnh Vĩnh Long",
        ["lien-doan-lao-dong-tinh"],
    ),
    (
        "hd-pbgdpl-tinh",
        "Hội đồng Phổ biến, giáo dục pháp luật tỉnh",
        "hoi-dong",
        "Chủ tịch Hội đồng Phổ biến, giáo dục pháp luật tỉnh",
        ["hd-pbgdpl-tinh"],
    ),
    (
        "bao-va-phat-thanh-truyen-hinh",
        "Báo và Phát thanh, Truyền hình Vĩnh Long",
        "co-quan-bao-chi",
        "Tổng Biên tập",
        ["bao-tra-vinh", "dai-phat-thanh-truyen-hinh"],
    ),
]
# Set up on 31/07/2025 by merging the three provinces' boards (nopphatnguoi.vn, secondary source).
LATE_BOARD = (
    "ban-quan-ly-khu-kinh-te",
    "Ban Quản lý Khu kinh tế tỉnh Vĩnh Long",
    "don-vi-truc-thuoc",
    "Trưởng ban Ban Quản lý Khu kinh tế tỉnh Vĩnh Long",
    ["ban-quan-ly-khu-kinh-te"],
)

_OLD_STYLE = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "uý": "úy",
    "uỳ": "ùy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
    "oé": "óe",
    "oè": "òe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
}


def old_style(name: str) -> str:
    """'Nguyệt Hoá' → 'Nguyệt Hóa', the accent placement the directory uses (the source's kept in aliases)."""
    words = []
    for word in name.split(" "):
        for new, old in _OLD_STYLE.items():
            if word.lower().endswith(new):
                word = word[: -len(new)] + (old if word[-len(new)].islower() else old.capitalize())
        words.append(word)
    return " ".join(words)


def slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def person(title: str, email: str) -> dict:
    return {"name": None, "title": title, "email": email}


def agency(code, name, kind, head_title, *, parent, began, gso=None, aliases=(), contact_title=None) -> dict:
    domain = f"{code}.vinhlong.example"
    entry = {"code": code, "name": name, "kind": kind}
    if parent:
        entry["parent"] = parent
    entry["gso_code"] = gso
    entry["aliases"] = list(aliases)
    entry["head"] = person(head_title, f"lanhdao@{domain}")
    short = name.replace("Ủy ban nhân dân tỉnh Vĩnh Long", "Ủy ban nhân dân tỉnh")
    entry["contact"] = person(contact_title or f"Cán bộ đầu mối thực hiện dân chủ ở cơ sở, {short}", f"daumoi@{domain}")
    entry["began"] = began
    return entry


def build(shared: Path) -> dict:
    splits = json.loads((shared / "dvhcvn-2025-07-01-splits.json").read_text(encoding="utf-8"))
    old_list = json.loads((shared / "dvhcvn-2025-03-01.json").read_text(encoding="utf-8"))
    old_directory = yaml.safe_load((DATA / "directory-tra-vinh.yaml").read_text(encoding="utf-8"))
    old_by_gso = {a["gso_code"]: a["code"] for a in old_directory["agencies"] if a["kind"] == "ubnd-cap-xa"}
    districts = [a["code"] for a in old_directory["agencies"] if a["kind"] == "ubnd-cap-huyen"]
    old_tv = next(p for p in old_list["data"] if p["level1_id"] == OLD_PROVINCE)
    assert sum(len(d["level3s"]) for d in old_tv["level2s"]) == len(old_by_gso) == 104

    new_units: dict[str, str] = {}  # GSO id → name, in the order the list gives
    successors_of: dict[str, list[str]] = {}
    for province in splits["data"]:
        if province["splits"][0]["new_id"] != NEW_PROVINCE:
            continue
        for unit in province["level3s"]:
            for new in unit["splits"]:
                new_units.setdefault(new["new_id"], new["name"])
            if province["level1_id"] == OLD_PROVINCE:
                successors_of[old_by_gso[unit["level3_id"]]] = [n["new_id"] for n in unit["splits"]]
    assert len(new_units) == 124 and len(successors_of) == 104

    def commune_code(gso: str) -> str:
        return "vl-ubnd-" + slug(old_style(new_units[gso]))

    agencies = []
    for code, name, kind, aliases in MARCH_NEW:
        agencies.append(
            {
                "code": code,
                "name": name,
                "kind": kind,
                "parent": "ubnd-tinh",
                "gso_code": None,
                "aliases": aliases + [f"{name} tỉnh Trà Vinh"],
                "head": person(f"Giám đốc {name}", f"lanhdao@{code}.travinh.example"),
                "contact": person(
                    f"Cán bộ đầu mối thực hiện dân chủ ở cơ sở, {name}", f"daumoi@{code}.travinh.example"
                ),
                "began": "2025-03-01",
            }
        )
    for code, name, kind, head, _ in [*PROVINCIAL, LATE_BOARD]:
        began = "2025-07-31" if code == LATE_BOARD[0] else "2025-07-01"
        parent = None if code in ("ubnd-tinh", "bao-va-phat-thanh-truyen-hinh") else "vl-ubnd-tinh"
        # "Thanh tra tỉnh" → "Thanh tra tỉnh Vĩnh Long", never "… tỉnh tỉnh Vĩnh Long"
        province = "Vĩnh Long" if name.endswith(" tỉnh") else "tỉnh Vĩnh Long"
        aliases = [f"{name} {province}"] if "Vĩnh Long" not in name and kind != "hoi-dong" else []
        agencies.append(agency(f"vl-{code}", name, kind, head, parent=parent, began=began, aliases=aliases))
    for gso, source_name in new_units.items():
        name = old_style(source_name)
        kind_word, place = name.split(" ", 1)
        level = kind_word.lower()
        agencies.append(
            agency(
                commune_code(gso),
                f"Ủy ban nhân dân {level} {place}",
                "ubnd-cap-xa",
                f"Chủ tịch Ủy ban nhân dân {level} {place}",
                parent="vl-ubnd-tinh",
                began="2025-07-01",
                gso=gso,
                aliases=[f"UBND {level} {place}"]
                + ([f"UBND {level} {old_style(place)}"] if False else [])
                + ([f"Ủy ban nhân dân {level} {source_name.split(' ', 1)[1]}"] if source_name != name else []),
            )
        )

    by_successor: dict[tuple[str, ...], list[str]] = {}
    for old, news in successors_of.items():
        by_successor.setdefault(tuple(news), []).append(old)
    july_changes = [{"ended": preds, "successors": [f"vl-{code}"], "note": ""} for code, _, _, _, preds in PROVINCIAL]
    july_changes.append(
        {"ended": districts, "successors": [], "note": "chấm dứt hoạt động của đơn vị hành chính cấp huyện"}
    )
    for news, olds in by_successor.items():
        names = ", ".join(old_style(new_units[g]) for g in news)
        july_changes.append(
            {"ended": olds, "successors": [commune_code(g) for g in news], "note": f"sắp xếp thành {names}"}
        )
    return {
        "agencies": agencies,
        "reforms": [
            {
                "effective": "2025-03-01",
                "basis": "Nghị quyết của Hội đồng nhân dân tỉnh Trà Vinh về thành lập, tổ chức lại các cơ quan chuyên môn "
                "thuộc Ủy ban nhân dân tỉnh, công bố ngày 21/02/2025 (Báo Lao Động, 21/02/2025); các cơ quan mới hoạt "
                "động từ ngày 01/3/2025 (Báo Dân tộc và Phát triển). Số nghị quyết chưa xác minh.",
                "changes": [{"ended": e, "successors": s, "note": n} for e, s, n in MARCH_CHANGES],
            },
            {
                "effective": "2025-07-01",
                "basis": "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh "
                "(hợp nhất tỉnh Bến Tre, tỉnh Trà Vinh và tỉnh Vĩnh Long thành tỉnh Vĩnh Long); Nghị quyết số "
                "203/2025/QH15 và Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (kết thúc cấp huyện từ "
                "01/7/2025); Nghị quyết số 1687/NQ-UBTVQH15 về sắp xếp các đơn vị hành chính cấp xã của tỉnh Vĩnh Long "
                "(124 đơn vị: 105 xã, 19 phường). Đơn vị cấp xã kế thừa: danh sách tách, nhập của Tổng cục Thống kê "
                "(dvhcvn, dữ liệu ngày 01/7/2025).",
                "changes": july_changes,
            },
            {
                "effective": "2025-07-31",
                "basis": "Thành lập Ban Quản lý Khu kinh tế tỉnh Vĩnh Long trên cơ sở hợp nhất ba Ban Quản lý (nguồn thứ "
                "cấp: nopphatnguoi.vn; chưa xác minh số quyết định).",
                "changes": [
                    {"ended": ["ban-quan-ly-khu-kinh-te"], "successors": ["vl-ban-quan-ly-khu-kinh-te"], "note": ""}
                ],
            },
        ],
    }


HEADER = """\
# Danh bạ cơ quan, đơn vị dùng cho Kế hoạch 86/KH-UBND sau các lần sắp xếp tổ chức năm 2025.
#
# TỆP SINH TỰ ĐỘNG bởi scripts/build_vinh_long_directory.py; sửa kịch bản rồi chạy lại, không sửa tay.
#
# Gồm danh bạ tỉnh Trà Vinh cũ (include: directory-tra-vinh.yaml) và:
# - ngày 01/3/2025: hợp nhất các sở của tỉnh Trà Vinh (Báo Lao Động, 21/02/2025: "Trà Vinh công bố thành
#   lập 6 sở"); mã cũ kết thúc ngày 28/02/2025, mã mới bắt đầu ngày 01/3/2025;
# - ngày 01/7/2025: tỉnh Vĩnh Long mới (hợp nhất Bến Tre, Trà Vinh, Vĩnh Long; Nghị quyết 202/2025/QH15);
#   9 Ủy ban nhân dân cấp huyện kết thúc, không có cơ quan kế thừa nhiệm vụ cấp huyện; 104 đơn vị cấp xã cũ
#   được sắp xếp vào các đơn vị cấp xã mới theo danh sách tách, nhập của Tổng cục Thống kê (dvhcvn-2025-07-01,
#   tra ngày 01/12/2026); 124 đơn vị cấp xã của tỉnh Vĩnh Long mới (mã Tổng cục Thống kê trong gso_code);
#   các cơ quan cấp tỉnh của tỉnh Vĩnh Long mới (Nghị định 150/2025/NĐ-CP: 12 sở bắt buộc, cộng Sở Dân tộc và
#   Tôn giáo); Ủy ban Mặt trận Tổ quốc Việt Nam và Liên đoàn Lao động tỉnh Vĩnh Long.
# Mã cơ quan không bao giờ dùng lại: cơ quan mới của tỉnh Vĩnh Long có mã bắt đầu bằng "vl-", kể cả khi trùng
# tên hoặc trùng mã thống kê với đơn vị cũ (ví dụ phường Trà Vinh mới mang mã thống kê 29242 của phường 3 cũ).
# Mọi địa chỉ thư điện tử là địa chỉ giả thuộc tên miền dành riêng .example (RFC 2606).
# Điểm chưa xác minh: số nghị quyết tháng 02/2025 của HĐND tỉnh Trà Vinh; cơ quan kế thừa Trung tâm Tin học -
# Công báo (ghi là Văn phòng UBND tỉnh Vĩnh Long); Hội đồng Phổ biến, giáo dục pháp luật tỉnh Vĩnh Long.
"""


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else Path("/work/shared/data")
    body = build(shared)
    document = {
        "include": ["directory-tra-vinh.yaml"],
        "province": "Vĩnh Long",
        "provinces": [
            {"name": "Trà Vinh", "ended": "2025-06-30"},
            {"name": "Vĩnh Long", "began": "2025-07-01"},
        ],
        "source": "Tổng cục Thống kê: danh mục đơn vị hành chính ngày 01/03/2025 và danh sách tách, nhập ngày "
        "01/07/2025 (dvhcvn); Báo Lao Động 21/02/2025, 30/6/2025; Nghị quyết 202/2025/QH15, 1687/NQ-UBTVQH15.",
        "as_of": "2025-07-01",
        **body,
    }
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=120)
    (DATA / "directory-vinh-long.yaml").write_text(HEADER + text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
