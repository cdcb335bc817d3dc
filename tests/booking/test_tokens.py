"""Forged and foreign tokens are refused by the booking service too, not only by auth."""

import httpx
import pytest

from devstack.stack import Stack
from tests.auth.verifying import forgeries
from tests.factories import TestUser, new_user, service_headers


@pytest.fixture(scope="module")
def forged(stack: Stack) -> dict[str, str]:
    return forgeries(stack, new_user(stack).access_token)


def test_every_forged_token_gets_401_at_booking(gateway: httpx.Client, forged: dict[str, str]) -> None:
    assert len(forged) >= 10
    answers = {
        name: gateway.get("/booking/v1/places", headers={"Authorization": f"Bearer {token}"})
        for name, token in forged.items()
    }
    wrong = {name: r.status_code for name, r in answers.items() if r.status_code != 401}
    assert not wrong, wrong
    assert {r.json()["code"] for r in answers.values()} == {"invalid_token"}


def test_a_service_token_cannot_act_as_a_user_at_booking(gateway: httpx.Client, stack: Stack) -> None:
    response = gateway.get("/booking/v1/places", headers=service_headers(stack, "notification"))
    assert response.status_code == 403
    assert response.json()["code"] == "user_token_required"


def test_genuine_token_is_accepted(gateway: httpx.Client, host: TestUser) -> None:
    assert gateway.get("/booking/v1/places", headers=host.headers).status_code == 200
