"""The shipped plan and directory load; broken copies are refused with every problem named."""

from pathlib import Path

import pytest
import yaml

from plan_definition.errors import InvalidFiles
from plan_definition.loading import (
    REFERENCE_DIRECTORY,
    REFERENCE_PLAN,
    SAMPLE_PLAN,
    TRA_VINH_DIRECTORY,
    load_plan_files,
)

SEED_ITEMS = [
    "1.1",
    "1.2.a",
    "1.2.b",
    "1.3.a",
    "1.3.b",
    "1.3.c",
    "1.3.d",
    "2.1",
    "2.2",
    "3",
    "4",
    "5",
    "IV.1",
    "IV.2",
    "IV.3",
]


@pytest.fixture(scope="module")
def files():
    return load_plan_files(REFERENCE_PLAN, REFERENCE_DIRECTORY)


def test_the_reference_plan_has_every_trackable_item_of_the_seed(files):
    assert [i.code for i in files.plan.items] == SEED_ITEMS
    assert files.plan.number == "86/KH-UBND"


@pytest.mark.parametrize("code", ["1.3.c", "1.3.d", "IV.3"])
def test_requested_leads_are_marked(files, code):
    assert files.plan.by_code[code].requested


def test_only_the_items_written_with_de_nghi_are_requested(files):
    assert {i.code for i in files.plan.items if i.requested} == {"1.3.c", "1.3.d", "IV.3"}


@pytest.mark.parametrize("code, precondition", [("1.1", "huong-dan-bo-noi-vu"), ("3", "huong-dan-trung-uong")])
def test_gated_items_name_their_precondition(files, code, precondition):
    assert files.plan.by_code[code].precondition == precondition
    assert {i.code for i in files.plan.items if i.precondition} == {"1.1", "3"}


@pytest.mark.parametrize(
    "code, owers",
    [
        ("1.2.a", 30),  # Trung tâm Tin học - Công báo, Sở Tư pháp and the 29 bodies of I.2 (Sở Tư pháp counted once)
        ("2.2", 9 + 104),
        ("3", 20 + 9 + 104 + 3),
        ("1.3.b", 9),
    ],
)
def test_where_every_agency_acts_on_its_own_each_has_its_own_obligation(files, code, owers):
    on_plan_date = files.directory.on(files.plan.date)
    assert len(on_plan_date.expand(list(files.plan.by_code[code].leads))) == owers


def test_the_directory_holds_the_province_the_plan_needs(files):
    directory = files.directory.on(files.plan.date)
    kinds = [a.kind for a in directory.agencies]
    assert kinds.count("ubnd-cap-huyen") == 9
    assert kinds.count("ubnd-cap-xa") == 104
    assert all(a.gso_code for a in directory.agencies if a.kind in ("ubnd-cap-huyen", "ubnd-cap-xa"))
    assert directory.by_code["so-noi-vu"].name == "Sở Nội vụ"
    assert "2025" in directory.source


def test_shipped_emails_are_placeholders_under_the_reserved_example_domain(files):
    emails = [p.email for a in files.directory.agencies for p in (a.head, a.contact)]
    assert emails and all(e.endswith(".example") for e in emails)


def _broken_copy(tmp_path: Path, source: Path, change) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    target = tmp_path / source.name
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _problems(plan: Path = REFERENCE_PLAN, directory: Path = REFERENCE_DIRECTORY) -> list[str]:
    with pytest.raises(InvalidFiles) as error:
        load_plan_files(plan, directory)
    return error.value.problems


def _item(data, code):
    return next(i for i in data["items"] if i["code"] == code)


def test_an_unknown_agency_code_is_named_with_the_nearest_known_codes(tmp_path):
    plan = _broken_copy(tmp_path, REFERENCE_PLAN, lambda d: _item(d, "1.3.c").update(leads=["mttq-tinhh"]))
    assert _problems(plan) == [
        f"{plan}: mục 1.3.c: trường 'leads[0]': mã 'mttq-tinhh' không có trong danh bạ; gần nhất: 'mttq-tinh', 'vl-mttq-tinh'"
    ]


def test_an_unreadable_timeframe_names_the_item_and_the_text(tmp_path):
    plan = _broken_copy(
        tmp_path, REFERENCE_PLAN, lambda d: _item(d, "2.1").update(timeframe="Sớm nhất có thể", meaning=None)
    )
    [problem] = _problems(plan)
    assert problem.startswith(
        f"{plan}: mục 2.1: trường 'timeframe': không đọc được thời gian thực hiện 'Sớm nhất có thể'"
    )


def test_a_duplicate_item_code_is_refused(tmp_path):
    plan = _broken_copy(tmp_path, REFERENCE_PLAN, lambda d: _item(d, "4").update(code="3"))
    assert f"{plan}: mục 3: mã mục bị trùng (2 lần)" in _problems(plan)


def test_a_meaning_that_disagrees_with_the_text_is_refused(tmp_path):
    plan = _broken_copy(
        tmp_path, REFERENCE_PLAN, lambda d: _item(d, "2.1").update(meaning={"kind": "once", "due": "2024-06-30"})
    )
    [problem] = _problems(plan)
    assert "mục 2.1: trường 'meaning'" in problem and "không khớp với 'Quý I năm 2024.'" in problem


def test_a_bad_email_and_a_line_break_in_a_name_are_both_listed(tmp_path):
    def damage(d):
        d["agencies"][1]["head"]["email"] = "giamdoc at sotuphap"
        d["agencies"][2]["name"] = "Sở Nội vụ\nBcc: x@y.example"

    directory = _broken_copy(tmp_path, TRA_VINH_DIRECTORY, damage)
    problems = _problems(directory=directory)
    code1 = yaml.safe_load(TRA_VINH_DIRECTORY.read_text(encoding="utf-8"))["agencies"][1]["code"]
    code2 = yaml.safe_load(TRA_VINH_DIRECTORY.read_text(encoding="utf-8"))["agencies"][2]["code"]
    assert (
        f"{directory}: cơ quan {code1}: trường 'head.email': địa chỉ thư điện tử không hợp lệ: 'giamdoc at sotuphap' (giá trị: 'giamdoc at sotuphap')"
        in problems
    )
    assert any(
        p.startswith(f"{directory}: cơ quan {code2}: trường 'name': không được chứa ký tự xuống dòng") for p in problems
    )


def test_a_precondition_written_in_the_timeframe_must_be_declared(tmp_path):
    plan = _broken_copy(tmp_path, REFERENCE_PLAN, lambda d: _item(d, "3").pop("precondition"))
    assert _problems(plan) == [
        f"{plan}: mục 3: trường 'precondition': thời gian có điều kiện '(sau khi có hướng dẫn Trung ương)' nhưng chưa khai báo điều kiện"
    ]


def test_de_nghi_without_the_requested_flag_is_refused(tmp_path):
    plan = _broken_copy(tmp_path, REFERENCE_PLAN, lambda d: _item(d, "1.3.d").update(requested=False))
    assert _problems(plan) == [
        f"{plan}: mục 1.3.d: trường 'requested': cơ quan chủ trì được 'Đề nghị' nên phải là true"
    ]


def test_invalid_yaml_names_the_line(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("number: 86/KH-UBND\nitems: [\n", encoding="utf-8")
    [problem] = _problems(plan)
    assert problem.startswith(f"{plan}: YAML không hợp lệ (dòng")


SHIPPED_PLANS = [*sorted(Path(REFERENCE_PLAN).parent.glob("*.yaml")), SAMPLE_PLAN]


@pytest.mark.parametrize("path", SHIPPED_PLANS, ids=lambda p: p.stem)
def test_the_shipped_plans_chase_weekly_and_slow_down_and_say_so_in_vietnamese(path):
    from cli.plan_commands import chasing_rule
    from plan_definition.plan import Plan

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    escalation = Plan.model_validate(raw).escalation
    assert escalation.weekly and escalation.slow_after == 3 and escalation.slow_repeat_every == 20
    text = path.read_text(encoding="utf-8")
    for key, words in (("slow_after", "giãn nhịp đôn đốc"), ("slow_repeat_every", "khoảng một tháng"),
                       ("weekly", "nhiều nhất một lần mỗi tuần")):  # fmt: skip
        [line] = [line for line in text.splitlines() if line.strip().startswith(f"{key}:")]
        assert words in line, line
    rule = chasing_rule(escalation)
    assert "sau 3 lần nhắc lại thì mỗi 20 ngày làm việc" in rule
    assert "nhiều nhất một lần mỗi tuần" in rule and "tổng hợp hằng tuần" in rule
