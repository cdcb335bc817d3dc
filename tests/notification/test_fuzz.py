"""Schemathesis against the notification OpenAPI: no generated input gets a 500 or an answer its
schema does not describe. Inbox and settings are called as a user, event ingestion as the booking
service (so generated envelopes reach the handlers, not just the token check)."""

from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from devstack.stack import Stack
from tests.factories import new_user, service_headers

EXAMPLES_PER_OPERATION = 40


def test_no_generated_input_makes_the_notification_service_fail(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack, name="Fuzzy Reader")
    booking_service = service_headers(stack, "booking_api")
    schema = schemathesis.openapi.from_dict(gateway.get("/notification/openapi.json").json())
    failures: dict[str, str] = {}
    statuses: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6

    def caller_of(path: str) -> dict[str, str]:
        return booking_service if path.endswith("/v1/events") else user.headers

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: Any) -> None:
            headers = dict(case.headers or {})
            if "authorization" not in {k.lower() for k in headers}:
                headers.update(caller_of(case.operation.path))
            response = case.call_and_validate(
                base_url=stack.service_url("notification"),
                headers=headers,
                checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
            )
            statuses.append(response.status_code)

        try:
            exercise()
        except Exception as exc:  # one operation's failure must not hide the others'
            failures[f"{operation.method.upper()} {operation.path}"] = str(exc)[:3000]

    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
    assert len(statuses) >= 10 * len(operations), "the fuzzer really sent requests"
