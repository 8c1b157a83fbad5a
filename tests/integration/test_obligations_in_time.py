"""Obligations across a reorganisation: what a predecessor finished stays finished, a new unit's reports
start on its first day, and a plan that ends on a day owes and chases nothing after it."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from cli.tracking_commands import initialise
from plan_definition.loading import REFERENCE_PLAN
from tracking.database import transaction
from tracking.errors import TrackingError
from tracking.escalation import decide
from tracking.plan_store import sync_obligations
from tracking.status import status_as_of
from tracking.submissions import Report, record_submission

TODAY = date(2026, 12, 1)


def rows(app, as_of, **filters):
    with transaction(app.engine) as session:
        return [s.as_json() for s in status_as_of(session, app.plan_number, as_of, **filters)]


def record(app, item, agency, state, day, period=None):
    with transaction(app.engine) as session:
        record_submission(
            session,
            app.plan_number,
            Report(item=item, agency=agency, state=state, reported_on=day, period=period),
            today=TODAY,
            recorded_by="test",
            source="cli",
        )


def test_a_duty_the_predecessor_finished_before_its_end_does_not_pass_on(loaded):
    record(loaded, "IV.2", "so-y-te", "hoan-thanh", date(2025, 6, 20), period="2025")
    with transaction(loaded.engine) as session:
        sync_obligations(session, loaded.plan_number, loaded.calendar, 2026)
    [old] = rows(loaded, TODAY, items=["IV.2"], agencies=["so-y-te"])[-1:]
    assert (old["period"], old["state"]) == ("2025", "hoan-thanh-dung-han")
    [new] = [r for r in rows(loaded, TODAY, items=["IV.2"], agencies=["vl-so-y-te"]) if r["period"] == "2025"]
    assert new["inherited_from"] == []  # it still owes 2025 itself, for the half year it existed


def test_a_duty_left_open_passes_on_and_names_where_it_came_from(loaded):
    [new] = [r for r in rows(loaded, TODAY, items=["IV.2"], agencies=["vl-so-y-te"]) if r["period"] == "2025"]
    assert [s["agency"] for s in new["inherited_from"]] == ["so-y-te"]


def test_a_report_dated_before_the_agency_began_is_refused(loaded):
    with pytest.raises(TrackingError) as caught:
        record(loaded, "IV.2", "vl-so-y-te", "hoan-thanh", date(2025, 6, 30), period="2025")
    assert "trước ngày Sở Y tế (vl-so-y-te) bắt đầu hoạt động (01/07/2025)" in str(caught.value)
    record(loaded, "IV.2", "vl-so-y-te", "hoan-thanh", date(2025, 7, 1), period="2025")


def test_nothing_of_an_ended_agency_is_chased(loaded):
    with transaction(loaded.engine) as session:
        statuses = status_as_of(session, loaded.plan_number, TODAY)
        decisions = decide(session, loaded.plan_number, loaded.files.plan.escalation, loaded.calendar, TODAY, statuses)
    lives = loaded.files.directory.lives
    assert decisions
    assert not [d for d in decisions if lives[d.status.agency].ended]


@pytest.fixture
def ending_plan(app, tmp_path):
    """The reference plan, told to end with the old province on 30/6/2025."""
    data = yaml.safe_load(REFERENCE_PLAN.read_text(encoding="utf-8"))
    data.update(territory="ends", ends_on="2025-06-30")
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    app.settings.plan_path = path
    initialise(app)
    return app


def test_a_plan_that_ends_owes_no_later_period_and_passes_nothing_on_after_its_end(ending_plan):
    statuses = rows(ending_plan, TODAY)
    assert statuses
    assert not [r for r in statuses if r["period"] == "2026"]
    assert not [r for r in statuses if r["agency"].startswith("vl-")]
    # The merger of 1/3/2025 happened while the plan was in force; the hand-over of 1/7/2025 did not.
    lives = ending_plan.files.directory.lives
    sources = {s["agency"] for r in statuses for s in r["inherited_from"]}
    assert "so-lao-dong-tbxh" in sources
    assert all(lives[code].ended < date(2025, 6, 30) for code in sources)


def test_a_plan_that_ends_chases_nobody_after_its_end(ending_plan):
    with transaction(ending_plan.engine) as session:
        plan = ending_plan.files.plan

        def decided(day):
            statuses = status_as_of(session, ending_plan.plan_number, day)
            return decide(session, ending_plan.plan_number, plan.escalation, ending_plan.calendar, day, statuses)

        assert decided(TODAY) == []
        assert decided(date(2024, 11, 15))


def test_recording_what_a_predecessor_finished_takes_the_duty_back_from_its_successor(loaded):
    from service_layer.actions import record_report

    [before] = [r for r in rows(loaded, TODAY, items=["IV.2"], agencies=["vl-so-y-te"]) if r["period"] == "2025"]
    assert [s["agency"] for s in before["inherited_from"]] == ["so-y-te"]
    report = Report(item="IV.2", agency="so-y-te", state="hoan-thanh", reported_on=date(2025, 6, 20), period="2025")
    record_report(loaded, report, today=TODAY, recorded_by="test", source="cli")
    [after] = [r for r in rows(loaded, TODAY, items=["IV.2"], agencies=["vl-so-y-te"]) if r["period"] == "2025"]
    assert after["inherited_from"] == []
