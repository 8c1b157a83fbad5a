"""The directory on a day: who exists, who took over from whom, the province's name then."""

from datetime import date

import pytest
import yaml

from plan_definition.errors import InvalidFiles
from plan_definition.loading import REFERENCE_DIRECTORY, TRA_VINH_DIRECTORY, load_directory

DIRECTORY = load_directory(REFERENCE_DIRECTORY)


def kinds_on(day: date) -> dict[str, int]:
    counts: dict[str, int] = {}
    for agency in DIRECTORY.on(day).agencies:
        counts[agency.kind] = counts.get(agency.kind, 0) + 1
    return counts


def test_before_march_2025_the_directory_is_trà_vinh_with_its_18_departments_9_districts_and_104_communes():
    on = DIRECTORY.on(date(2025, 2, 28))
    assert on.province == "Trà Vinh"
    assert kinds_on(date(2025, 2, 28))["co-quan-chuyen-mon"] == 18
    assert kinds_on(date(2025, 2, 28))["ubnd-cap-huyen"] == 9
    assert kinds_on(date(2025, 2, 28))["ubnd-cap-xa"] == 104


def test_on_1_march_2025_six_departments_end_and_two_new_ones_begin():
    before = {a.code for a in DIRECTORY.on(date(2025, 2, 28)).agencies}
    after = {a.code for a in DIRECTORY.on(date(2025, 3, 1)).agencies}
    assert before - after == {
        "so-ke-hoach-va-dau-tu",
        "so-giao-thong-van-tai",
        "so-thong-tin-va-truyen-thong",
        "so-nong-nghiep-va-ptnt",
        "so-tai-nguyen-va-moi-truong",
        "so-lao-dong-tbxh",
        "ban-dan-toc",
    }
    assert after - before == {"so-nong-nghiep-va-moi-truong", "so-dan-toc-va-ton-giao"}


def test_from_1_july_2025_the_province_is_vĩnh_long_with_124_communes_and_no_district():
    on = DIRECTORY.on(date(2026, 12, 1))
    assert on.province == "Vĩnh Long"
    counts = kinds_on(date(2026, 12, 1))
    assert counts["ubnd-cap-xa"] == 124
    assert "ubnd-cap-huyen" not in counts
    assert all(a.code.startswith("vl-") for a in on.agencies if a.kind != "to-chuc-su-dung-lao-dong")
    assert on.members("ubnd-cap-huyen") == []


def test_every_old_commune_ends_on_30_june_2025_with_one_successor_among_the_new_communes():
    new_communes = {a.code for a in DIRECTORY.on(date(2025, 7, 1)).agencies if a.kind == "ubnd-cap-xa"}
    old = [a for a in DIRECTORY.agencies if a.kind == "ubnd-cap-xa" and not a.code.startswith("vl-")]
    assert len(old) == 104
    for agency in old:
        life = DIRECTORY.lives[agency.code]
        assert life.ended == date(2025, 6, 30)
        assert len(life.successors) == 1 and life.successors[0] in new_communes


def test_a_new_unit_reusing_an_old_statistics_code_keeps_a_code_of_its_own():
    old = DIRECTORY.by_code["ubnd-phuong-3"]
    new = next(a for a in DIRECTORY.agencies if a.code.startswith("vl-") and a.gso_code == old.gso_code)
    assert (old.gso_code, new.code, new.name) == ("29242", "vl-ubnd-phuong-tra-vinh", "Ủy ban nhân dân phường Trà Vinh")
    assert DIRECTORY.lives["ubnd-phuong-3"].successors == ("vl-ubnd-phuong-tra-vinh",)


def test_the_districts_end_without_successor():
    for agency in DIRECTORY.agencies:
        if agency.kind == "ubnd-cap-huyen":
            assert DIRECTORY.lives[agency.code].ended == date(2025, 6, 30)
            assert DIRECTORY.lives[agency.code].successors == ()


@pytest.mark.parametrize(
    "code, day, holder",
    [
        ("so-noi-vu", date(2024, 5, 1), "so-noi-vu"),
        ("so-noi-vu", date(2025, 7, 1), "vl-so-noi-vu"),
        ("so-lao-dong-tbxh", date(2025, 3, 1), "so-noi-vu"),
        ("so-nong-nghiep-va-ptnt", date(2025, 4, 1), "so-nong-nghiep-va-moi-truong"),
        ("so-nong-nghiep-va-ptnt", date(2026, 1, 1), "vl-so-nong-nghiep-va-moi-truong"),
        ("ubnd-tinh", date(2026, 12, 1), "vl-ubnd-tinh"),
        ("ban-quan-ly-khu-kinh-te", date(2025, 7, 15), "ban-quan-ly-khu-kinh-te"),
        ("ban-quan-ly-khu-kinh-te", date(2025, 7, 31), "vl-ban-quan-ly-khu-kinh-te"),
    ],
)
def test_an_office_is_held_on_a_day_by_the_agency_or_its_successor_then(code, day, holder):
    assert DIRECTORY.body_on(code, day).code == holder


def test_a_district_carries_no_duty_after_its_end():
    assert DIRECTORY.current(["ubnd-huyen-cang-long"], date(2025, 7, 1)) == []


def test_the_plan_territory_is_the_old_province_and_those_who_took_over_from_it():
    territory = DIRECTORY.territory(date(2023, 9, 15))
    vl_communes = [a.code for a in DIRECTORY.agencies if a.code.startswith("vl-ubnd-") and a.kind == "ubnd-cap-xa"]
    inside = [c for c in vl_communes if c in territory]
    assert len(vl_communes) == 124
    assert len(inside) == 41  # the new communes formed from Trà Vinh's 104; Bến Tre's and Vĩnh Long's are not
    assert "vl-so-noi-vu" in territory and "ubnd-huyen-cang-long" in territory


def _with(tmp_path, change) -> object:
    data = yaml.safe_load(TRA_VINH_DIRECTORY.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "directory.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_successor_missing_from_the_directory_is_refused_with_its_code(tmp_path):
    def change(d):
        d["reforms"] = [
            {
                "effective": "2025-03-01",
                "basis": "x",
                "changes": [{"ended": ["so-tu-phap"], "successors": ["so-khong-co"]}],
            }
        ]

    path = _with(tmp_path, change)
    with pytest.raises(InvalidFiles) as caught:
        load_directory(path)
    assert any("mã 'so-khong-co' không có trong danh bạ" in p and str(path) in p for p in caught.value.problems)


def test_an_agency_ending_before_it_began_is_refused(tmp_path):
    def change(d):
        d["agencies"][1].update(began="2025-03-01", ended="2025-02-01")

    with pytest.raises(InvalidFiles) as caught:
        load_directory(_with(tmp_path, change))
    assert any("ngày kết thúc 2025-02-01 trước ngày bắt đầu 2025-03-01" in p for p in caught.value.problems)


def test_a_successor_that_begins_after_a_gap_is_refused(tmp_path):
    def change(d):
        d["agencies"][1].update(ended="2025-02-28", successors=[d["agencies"][2]["code"]])
        d["agencies"][2].update(began="2025-04-01")

    with pytest.raises(InvalidFiles) as caught:
        load_directory(_with(tmp_path, change))
    assert any("bắt đầu 2025-04-01, muộn hơn ngày sau khi" in p for p in caught.value.problems)


def test_successors_without_an_end_are_refused(tmp_path):
    def change(d):
        d["agencies"][1].update(successors=[d["agencies"][2]["code"]])

    with pytest.raises(InvalidFiles) as caught:
        load_directory(_with(tmp_path, change))
    assert any("có cơ quan kế thừa" in p and "không có ngày kết thúc" in p for p in caught.value.problems)


def test_a_directory_with_no_district_left_still_loads(tmp_path):
    def change(d):
        d["agencies"] = [a for a in d["agencies"] if a["kind"] != "ubnd-cap-huyen"]
        for a in d["agencies"]:
            if a.get("parent", "").startswith(("ubnd-huyen", "ubnd-tp-", "ubnd-tx-")):
                a["parent"] = "ubnd-tinh"

    directory = load_directory(_with(tmp_path, change))
    assert directory.members("ubnd-cap-huyen") == []


def test_a_group_with_neither_kinds_nor_members_is_refused(tmp_path):
    def change(d):
        d["groups"][0].update(kinds=[], members=[])

    with pytest.raises(InvalidFiles) as caught:
        load_directory(_with(tmp_path, change))
    assert any("nhóm không có thành viên nào (cần 'kinds' hoặc 'members')" in p for p in caught.value.problems)


def test_two_agencies_with_one_statistics_code_at_the_same_time_are_refused(tmp_path):
    def change(d):
        communes = [a for a in d["agencies"] if a["kind"] == "ubnd-cap-xa"]
        communes[1]["gso_code"] = communes[0]["gso_code"]

    with pytest.raises(InvalidFiles) as caught:
        load_directory(_with(tmp_path, change))
    assert any("cùng mã thống kê '29236' trong cùng thời gian" in p for p in caught.value.problems)
