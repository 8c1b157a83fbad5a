"""Threading headers and one line per obligation in a digest (no database)."""

from datetime import date
from types import SimpleNamespace

from notifications.envelopes import latest_per_obligation, thread_headers
from notifications.messages import HEADER_LINE_LIMIT


def test_a_first_email_starts_no_thread():
    assert thread_headers([]) == {}


def test_a_repeat_replies_to_the_first_email_and_references_the_thread_in_order():
    headers = thread_headers(["<a@x>", "<b@x>", "<c@x>"])
    assert headers == {"In-Reply-To": "<a@x>", "References": "<a@x> <b@x> <c@x>"}


def test_a_long_thread_keeps_its_first_and_latest_emails_within_one_header_line():
    earlier = [f"<digest.{n:024d}@so-noi-vu.travinh.example>" for n in range(60)]
    headers = thread_headers(earlier)
    references = headers["References"].split()
    assert headers["In-Reply-To"] == earlier[0]
    assert references[0] == earlier[0] and references[-1] == earlier[-1]
    assert references == [earlier[0], *earlier[-(len(references) - 1) :]]
    assert len("References: " + headers["References"]) <= HEADER_LINE_LIMIT


def notice(id, obligation, decided_on):
    return SimpleNamespace(id=id, obligation_id=obligation, decided_on=decided_on)


def test_two_repeats_held_for_the_same_weekday_show_once_at_the_later_stage():
    older, newer, other = (
        notice(1, 7, date(2024, 4, 8)),
        notice(2, 7, date(2024, 4, 15)),
        notice(3, 8, date(2024, 4, 8)),
    )
    pairs = [(older, "to"), (other, "to"), (newer, "to"), (older, "cc")]
    assert latest_per_obligation(pairs) == [(other, "to"), (newer, "to"), (older, "cc")]
