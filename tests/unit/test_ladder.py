"""Which notice an open obligation gets on a day, given what it was sent before (no database)."""

import pytest

from plan_definition.plan import EscalationPolicy
from tracking.rules.ladder import Given, Stage, next_stage, request_stage, stage_from_code, stage_reached

POLICY = EscalationPolicy()


def given(*pairs):
    return [Given(stage_from_code(code), days_ago) for code, days_ago in pairs]


@pytest.mark.parametrize(
    "days, expected",
    [(-11, None), (-10, "reminder-10"), (-6, "reminder-10"), (-5, "reminder-5"), (-2, "reminder-2"),
     (0, "reminder-2"), (1, "overdue-1"), (4, "overdue-1"), (5, "escalation-5"), (10, "escalation-10"),
     (15, "escalation-15"), (20, "escalation-20"), (37, "escalation-35")],
)  # fmt: skip
def test_the_stage_reached_follows_the_ladder_in_working_days(days, expected):
    stage = stage_reached(POLICY, days, may_go_up_the_chain=False)
    assert (stage.code if stage else None) == expected


def test_a_normal_run_of_mornings_climbs_one_rung_at_a_time():
    sent, history = [], []
    for days in range(-12, 31):
        stage = next_stage(POLICY, days, may_go_up_the_chain=True, given=[Given(s, days - d) for s, d in history])
        if stage:
            sent.append(stage.code)
            history.append((stage, days))
    assert sent == ["reminder-10", "reminder-5", "reminder-2", "overdue-1", "escalation-5", "escalation-10",
                    "chain-15", "escalation-20", "escalation-25", "escalation-30"]  # fmt: skip


def test_after_downtime_only_the_top_of_the_ladder_is_sent_and_the_chain_is_never_skipped():
    assert next_stage(POLICY, 22, may_go_up_the_chain=True, given=given(("reminder-10", 30))) == Stage(15, "chain")
    assert next_stage(POLICY, 7, may_go_up_the_chain=True, given=given(("reminder-10", 15))) == Stage(5, "escalation")
    assert next_stage(POLICY, 3, may_go_up_the_chain=True, given=[]) == Stage(1, "overdue")


def test_head_repeats_stay_five_working_days_apart_after_downtime():
    after_chain = given(("chain-15", 1))
    assert next_stage(POLICY, 23, may_go_up_the_chain=True, given=after_chain) is None
    assert next_stage(POLICY, 27, may_go_up_the_chain=True, given=given(("chain-15", 5))) == Stage(25, "escalation")
    requested = given(("escalation-15", 1))
    assert next_stage(POLICY, 20, may_go_up_the_chain=False, given=requested) is None


def test_an_agency_with_nobody_above_is_chased_at_its_head_and_never_above():
    stages = [next_stage(POLICY, d, may_go_up_the_chain=False, given=[]) for d in (15, 16, 40)]
    assert [s.code for s in stages] == ["escalation-15", "escalation-15", "escalation-40"]


def test_reminders_only_climbs_to_the_last_reminder_and_stops_at_the_deadline():
    sent, history = [], []
    for days in range(-12, 31):
        past = [Given(s, days - d) for s, d in history]
        stage = next_stage(POLICY, days, may_go_up_the_chain=True, given=past, reminders_only=True)
        if stage:
            sent.append((stage.code, days))
            history.append((stage, days))
    assert sent == [("reminder-10", -10), ("reminder-5", -5), ("reminder-2", -2)]


@pytest.mark.parametrize(
    "days, already, expected",
    [(-11, [], None), (-10, [], "reminder-10"), (-7, [], "reminder-10"), (-3, [], "reminder-5"),
     (0, [], "reminder-2"), (1, [], None), (30, [], None),
     (-5, [("reminder-10", 5)], None), (-2, [("reminder-10", 8)], None), (0, [("reminder-5", 5)], None)],
)  # fmt: skip
def test_a_requested_body_gets_one_request_before_the_day_and_nothing_after(days, already, expected):
    stage = request_stage(POLICY, days, given=given(*already))
    assert (stage.code if stage else None) == expected


def test_a_stage_is_never_sent_twice_nor_a_lower_one_after_a_higher():
    assert next_stage(POLICY, 5, may_go_up_the_chain=True, given=given(("escalation-5", 0))) is None
    assert next_stage(POLICY, 1, may_go_up_the_chain=True, given=given(("escalation-5", 3))) is None
    assert next_stage(POLICY, 16, may_go_up_the_chain=True, given=given(("chain-15", 1))) is None


def test_a_repeat_limit_stops_the_weekly_chasing():
    limited = EscalationPolicy(head_repeat_limit=1)
    assert next_stage(limited, 40, may_go_up_the_chain=False, given=given(("escalation-10", 30))) is None


SLOWING = EscalationPolicy(slow_after=2, slow_repeat_every=20)


def climb(policy, until, *, chain=False):
    """The stages a morning check sends every working day from 12 days before the deadline to `until`."""
    sent, history = [], []
    for days in range(-12, until + 1):
        stage = next_stage(policy, days, may_go_up_the_chain=chain, given=[Given(s, days - d) for s, d in history])
        if stage:
            sent.append(stage.code)
            history.append((stage, days))
    return sent


def test_chasing_slows_to_the_slow_pace_after_the_configured_number_of_repeats():
    sent = climb(SLOWING, 80)
    heads = [code for code in sent if code.startswith("escalation")]
    # the first escalation, two repeats five working days apart, then one every twenty
    assert heads == ["escalation-5", "escalation-10", "escalation-15", "escalation-35", "escalation-55",
                     "escalation-75"]  # fmt: skip
    assert len(set(sent)) == len(sent)  # each stage once


def test_a_plan_that_does_not_slow_keeps_the_weekly_pace():
    heads = [code for code in climb(POLICY, 40) if code.startswith("escalation")]
    assert heads == [f"escalation-{n}" for n in range(5, 41, 5)]


def test_the_slow_pace_holds_after_downtime_and_after_the_chain():
    # fifteen working days after escalation-15, the next repeat (35) is not reached yet
    assert next_stage(SLOWING, 30, may_go_up_the_chain=False, given=given(("escalation-15", 15))) is None
    assert next_stage(SLOWING, 36, may_go_up_the_chain=False, given=given(("escalation-15", 21))) == Stage(
        35, "escalation"
    )
    # after downtime the slow repeat still waits its twenty working days from the last one sent
    assert next_stage(SLOWING, 60, may_go_up_the_chain=False, given=given(("escalation-35", 10))) is None


def test_the_slowing_and_the_limit_combine():
    limited = EscalationPolicy(slow_after=1, slow_repeat_every=20, head_repeat_limit=2)
    heads = [code for code in climb(limited, 100) if code.startswith("escalation")]
    assert heads == ["escalation-5", "escalation-10", "escalation-30"]
