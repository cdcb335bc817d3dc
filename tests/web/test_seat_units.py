"""The small pieces the seat-lifecycle pages stand on, without a stack: errors of rows that are gone,
form keys for claims, refusals' statuses, the seat rules read from a form, report reasons."""

from web.forms import FormErrors, idempotency_headers, refusal_status, stray_errors
from web.hosting.service import seat_rules_body
from web.i18n import set_language
from web.reports.router import reason_name


def test_errors_of_rows_no_longer_shown_go_to_the_top_once() -> None:
    errors = {
        "shown": FormErrors(general=["stays beside its row"]),
        "gone": FormErrors(general=["This offer has ended."], fields={"reason": "Fill this in."}),
        "also-gone": FormErrors(general=["This offer has ended."]),
    }
    top = stray_errors(errors, ["shown"])
    assert top.general == ["This offer has ended.", "Fill this in."]
    assert not stray_errors(errors, ["shown", "gone", "also-gone"])


def test_a_claim_keeps_the_forms_key_and_replaces_a_bad_one() -> None:
    assert idempotency_headers({"idempotency_key": "abc123"}) == {"Idempotency-Key": "abc123"}
    fresh = idempotency_headers({"idempotency_key": "bad key\n"})["Idempotency-Key"]
    assert fresh != "bad key\n" and len(fresh) == 32
    assert idempotency_headers({})["Idempotency-Key"] != idempotency_headers({})["Idempotency-Key"]


def test_a_refusal_page_keeps_the_apis_4xx_and_never_shows_a_5xx() -> None:
    assert [refusal_status(s) for s in (403, 409, 410, 422, 503, 200)] == [403, 409, 410, 422, 400, 400]


def test_seat_rules_from_a_form_leave_an_empty_deadline_to_the_api() -> None:
    assert seat_rules_body({}) == {"approval": "instant", "waitlist_priority": "arrival"}
    assert seat_rules_body(
        {"approval": "request", "cancel_deadline_hours": " 48 ", "waitlist_priority": "reliable_first"}
    ) == {"approval": "request", "waitlist_priority": "reliable_first", "cancel_deadline_hours": "48"}


def test_report_reasons_are_translated_and_unknown_ones_shown_as_written() -> None:
    set_language("ru")
    assert reason_name("spam") == "Спам или реклама"
    assert reason_name("loud music") == "loud music"
    set_language("en")
    assert reason_name("harassment") == "Harassment or offensive behaviour"
