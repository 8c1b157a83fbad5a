"""Agency names in a field are matched to directory codes after Vietnamese normalisation."""

from __future__ import annotations

import pytest

from plan_definition.importing.agency_index import AgencyIndex
from plan_definition.importing.agency_names import AgencyNames
from plan_definition.importing.responsibility import from_fields, from_heading
from plan_definition.loading import TRA_VINH_DIRECTORY, load_directory


@pytest.fixture(scope="module")
def names():
    return AgencyNames(AgencyIndex(load_directory(TRA_VINH_DIRECTORY)))


@pytest.mark.parametrize(
    "text, codes",
    [
        ("Sở Nội vụ.", ["so-noi-vu"]),
        ("SỞ NỘI VỤ", ["so-noi-vu"]),
        ("so noi vu", ["so-noi-vu"]),
        ("Uỷ ban nhân dân cấp huyện", ["ubnd-cap-huyen"]),
        ("UBND cấp xã", ["ubnd-cap-xa"]),
        ("Sở LĐTB&XH", ["so-lao-dong-tbxh"]),
        ("Sở Lao động – Thương binh và Xã hội", ["so-lao-dong-tbxh"]),
        ("Ban Thường trực UBMTTQ Việt Nam tỉnh", ["mttq-tinh"]),
        ("Đài PT-TH Trà Vinh, Báo Trà Vinh", ["dai-phat-thanh-truyen-hinh", "bao-tra-vinh"]),
        ("Sở Tư pháp tỉnh Trà Vinh", ["so-tu-phap"]),
        ("Sở Văn hóa, Thể thao và Du lịch", ["so-van-hoa-the-thao-du-lich"]),
        ("các cơ quan, đơn vị", ["cac-co-quan-don-vi"]),
        ("Các cơ quan, đơn vị có liên quan và Ủy ban nhân dân cấp huyện", ["cac-co-quan-don-vi", "ubnd-cap-huyen"]),
        ("UBND các huyện, thị xã, thành phố", ["ubnd-cap-huyen"]),
        (
            "Sở Thông tin và Truyền thông, Đài Phát thanh và Truyền hình Trà Vinh, Báo Trà Vinh.",
            ["so-thong-tin-va-truyen-thong", "dai-phat-thanh-truyen-hinh", "bao-tra-vinh"],
        ),
        (
            "Sở Tư pháp đăng tải trên Trang thông tin điện tử của Hội đồng Phổ biến, giáo dục pháp luật tỉnh",
            ["so-tu-phap"],
        ),
        (
            "Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Tin học - Công báo), Sở Tư pháp",
            ["trung-tam-tin-hoc-cong-bao", "so-tu-phap"],
        ),
        ("Văn phòng UBND tỉnh (sau đây gọi là Văn phòng), Sở Tư pháp", ["van-phong-ubnd-tinh", "so-tu-phap"]),
        (
            "Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, cấp huyện và cơ quan, đơn vị trực thuộc theo phân cấp",
            ["so-ban-nganh-tinh", "ubnd-cap-huyen"],
        ),
        (
            "các cơ quan, tổ chức, đơn vị có sử dụng lao động trên địa bàn tỉnh ban hành Quy chế",
            ["to-chuc-su-dung-lao-dong"],
        ),
    ],
)
def test_a_list_of_names_reads_as_directory_codes(names, text, codes):
    assert names.read_list(text).codes == codes


@pytest.mark.parametrize(
    "text, written, nearest",
    [
        ("Báo Vĩnh Long", "Báo Vĩnh Long", "bao-tra-vinh"),
        ("Sở Nội vụ tỉnh Vĩnh Long", "Sở Nội vụ tỉnh Vĩnh Long", "so-noi-vu"),
        (
            "Đài Phát thanh và Truyền hình Vĩnh Long chủ trì",
            "Đài Phát thanh và Truyền hình Vĩnh Long",
            "dai-phat-thanh-truyen-hinh",
        ),
        ("Phòng Nội vụ huyện Càng Long", "Phòng Nội vụ huyện Càng Long", None),
    ],
)
def test_a_name_the_directory_lacks_is_kept_with_its_nearest_candidates(names, text, written, nearest):
    [match] = names.read_list(text).matches
    assert (match.code, match.text) == (None, written)
    if nearest:
        assert match.candidates[0] == nearest


def test_an_unknown_name_does_not_swallow_the_known_one_after_it(names):
    found = names.read_list("Sở Văn hóa, Thể thao và Du lịch tỉnh Vĩnh Long, Sở Nội vụ")
    assert [(m.code, m.text) for m in found.matches] == [
        (None, "Sở Văn hóa, Thể thao và Du lịch tỉnh Vĩnh Long"),
        ("so-noi-vu", "Sở Nội vụ"),
    ]


@pytest.mark.parametrize(
    "lead, coordinator, leads, coordinators, requested",
    [
        (
            "Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp, các cơ quan, đơn vị có liên quan tổ chức rà soát; tham mưu "
            "Ủy ban nhân dân tỉnh báo cáo.",
            None,
            ["so-noi-vu"],
            ["so-tu-phap", "cac-co-quan-don-vi"],
            False,
        ),
        (
            "Đề nghị Liên đoàn Lao động tỉnh chủ trì tổ chức tập huấn.",
            "Các cơ quan, đơn vị liên quan.",
            ["lien-doan-lao-dong-tinh"],
            ["cac-co-quan-don-vi"],
            True,
        ),
        (
            "Ủy ban nhân dân cấp xã; các cơ quan, đơn vị trên địa bàn tỉnh đăng tải tin",
            None,
            ["ubnd-cap-xa", "cac-co-quan-don-vi"],
            [],
            False,
        ),
        ("Giao Sở Tư pháp", "Sở Nội vụ; UBND cấp huyện", ["so-tu-phap"], ["so-noi-vu", "ubnd-cap-huyen"], False),
        ("Sở Giao thông vận tải", None, ["so-giao-thong-van-tai"], [], False),
    ],
    ids=[
        "chủ trì, phối hợp với",
        "Đề nghị: a requested lead",
        "clauses after ';'",
        "Giao: assigned",
        "'Giao thông' is not 'Giao'",
    ],
)
def test_fields_give_leads_coordinators_and_the_requested_flag(
    names, lead, coordinator, leads, coordinators, requested
):
    found = from_fields(lead, coordinator, names)
    assert ([m.code for m in found.leads], [m.code for m in found.coordinators], found.requested) == (
        leads,
        coordinators,
        requested,
    )


@pytest.mark.parametrize(
    "heading, leads, lead_text, whole",
    [
        ("Sở Nội vụ", ["so-noi-vu"], "Sở Nội vụ", True),
        (
            "Ủy ban nhân dân cấp huyện, Ủy ban nhân dân cấp xã: Chịu trách nhiệm tham mưu",
            ["ubnd-cap-huyen", "ubnd-cap-xa"],
            "Ủy ban nhân dân cấp huyện, Ủy ban nhân dân cấp xã",
            False,
        ),
        (
            "Đề nghị Ban Thường trực Ủy ban Mặt trận Tổ quốc tỉnh, Liên đoàn Lao động tỉnh theo chức năng",
            ["mttq-tinh", "lien-doan-lao-dong-tinh"],
            "Đề nghị Ban Thường trực Ủy ban Mặt trận Tổ quốc tỉnh, Liên đoàn Lao động tỉnh",
            False,
        ),
    ],
)
def test_a_heading_that_starts_with_agencies_names_the_leads(names, heading, leads, lead_text, whole):
    found = from_heading(heading, names)
    assert ([m.code for m in found.leads], found.lead_text, found.whole) == (leads, lead_text, whole)


@pytest.mark.parametrize(
    "heading", ["Tổ chức quán triệt, tuyên truyền, phổ biến Luật", "Ban hành Quy chế thực hiện", "Mục đích"]
)
def test_a_heading_that_starts_with_a_verb_names_no_lead(names, heading):
    assert from_heading(heading, names) is None
