"""Schemathesis against the booking OpenAPI, signed in: no input gets a 500.

It talks to the service directly: through nginx the per-caller write limit would answer most of the
generated writes with 429 before they reach the code under test."""

from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from devstack.stack import Stack
from tests.factories import new_user

EXAMPLES_PER_OPERATION = 30


def test_no_generated_input_makes_the_booking_api_fail(stack: Stack, gateway: httpx.Client) -> None:
    fuzzer = new_user(stack, name="Fuzzy Tester")
    schema = schemathesis.openapi.from_dict(gateway.get("/booking/openapi.json").json())
    failures: dict[str, str] = {}
    statuses: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

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
                headers.update(fuzzer.headers)
            response = case.call_and_validate(
                base_url=stack.service_url("booking_api"),
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
    print(f"{len(statuses)} requests, statuses {sorted(set(statuses))}")
