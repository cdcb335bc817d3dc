"""Every service behind nginx: health, readiness, docs, and nginx's own JSON error answers."""

import time
import uuid

import httpx
import pytest

from devstack.services import SERVICES, ServiceSpec
from devstack.stack import Stack
from tests.support import GelfListener, read_json_log


@pytest.mark.parametrize("spec", SERVICES, ids=[spec.prefix for spec in SERVICES])
def test_every_service_answers_health_ready_docs_and_openapi_through_nginx(
    gateway: httpx.Client, spec: ServiceSpec
) -> None:
    prefix = spec.prefix
    health = gateway.get(f"{prefix}/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"

    ready = gateway.get(f"{prefix}/ready")
    assert ready.status_code == 200, ready.text
    expected = {"database": "ok", "redis": "ok"} if spec.has_database else {"redis": "ok"}
    assert ready.json()["checks"] == expected

    docs = gateway.get(f"{prefix}/docs")
    assert docs.status_code == 200
    assert f"{prefix}/openapi.json" in docs.text
    assert "cdn." not in docs.text, "docs must work offline, from packaged assets"
    asset = gateway.get(f"{prefix}/docs/static/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.content) > 100_000

    spec = gateway.get(f"{prefix}/openapi.json")
    assert spec.status_code == 200
    assert spec.json()["openapi"].startswith("3.")
    assert all(path.startswith(prefix) for path in spec.json()["paths"]) or prefix == "/url"


def test_request_id_from_the_caller_is_echoed_and_logged_in_json_and_gelf(
    stack: Stack, gateway: httpx.Client, gelf: GelfListener
) -> None:
    request_id = f"test-{uuid.uuid4().hex}"
    response = gateway.get("/booking/health", headers={"X-Request-ID": request_id})
    assert response.headers["x-request-id"] == request_id
    # /health logs at debug level; /openapi.json is an ordinary request that logs at info.
    response = gateway.get("/booking/openapi.json", headers={"X-Request-ID": request_id})
    assert response.status_code == 200

    deadline = time.monotonic() + 5
    records: list[dict] = []
    while time.monotonic() < deadline and not records:
        records = [
            r
            for replica in stack.replicas("booking_api")  # whichever process answered
            for r in read_json_log(replica.log_path)
            if r.get("request_id") == request_id and r.get("path") == "/booking/openapi.json"
        ]
        time.sleep(0.05)
    assert records, "no JSON log record carries the request id"
    record = records[0]
    assert record["service"] == "booking_api"
    assert record["method"] == "GET"
    assert record["status"] == 200
    assert isinstance(record["latency_ms"], float)
    assert "user_id" in record

    gelf_records = gelf.wait_for(lambda m: m.get("_request_id") == request_id)
    assert gelf_records, "no GELF message carries the request id"
    assert gelf_records[0]["_service"] == "booking_api"
    assert gelf_records[0]["_path"] == "/booking/openapi.json"

    nginx_log = read_json_log(stack.log_dir / "nginx-access.log")
    assert any(r.get("request_id") == request_id for r in nginx_log)


def test_request_without_id_gets_one_from_nginx(gateway: httpx.Client) -> None:
    first = gateway.get("/movie_api/health")
    second = gateway.get("/movie_api/health")
    assert len(first.headers["x-request-id"]) >= 16
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


def test_malformed_request_id_is_replaced(gateway: httpx.Client) -> None:
    response = gateway.get("/movie_api/health", headers={"X-Request-ID": "bad id with spaces"})
    assert response.headers["x-request-id"] != "bad id with spaces"


def test_unknown_path_is_a_404_page_or_json_when_asked_and_a_json_404_under_an_api(
    gateway: httpx.Client,
) -> None:
    # Outside the API prefixes the web front answers: a page for people, JSON for clients asking for it.
    outside = gateway.get("/nowhere/at/all")
    assert outside.status_code == 404
    assert outside.headers["content-type"].startswith("text/html")
    asked = gateway.get("/nowhere/at/all", headers={"Accept": "application/json"})
    assert asked.status_code == 404
    assert asked.json()["code"] == "not_found"
    inside = gateway.get("/booking/v1/no-such-route")
    assert inside.status_code == 404
    assert inside.json()["code"] == "not_found"


def test_request_nginx_cannot_parse_is_a_json_400(gateway: httpx.Client) -> None:
    response = gateway.get("/ugc/v1/friends/%00")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_oversized_body_is_a_json_413(gateway: httpx.Client) -> None:
    response = gateway.post("/booking/v1/anything", content=b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_login_flood_gets_json_429_with_retry_after(gateway: httpx.Client) -> None:
    # GET is refused by auth itself (405), so the flood trips nginx's limit without counting as
    # failed sign-ins of 127.0.0.1 at auth, which would lock out later tests.
    answers = [gateway.get("/auth/v1/login") for _ in range(25)]
    limited = [r for r in answers if r.status_code == 429]
    assert limited, [r.status_code for r in answers]
    assert {r.status_code for r in answers} == {405, 429}
    assert limited[0].json()["code"] == "too_many_requests"
    assert limited[0].headers["retry-after"] == "1"
    time.sleep(2.5)  # let the per-address bucket refill for later tests


def test_sign_in_page_flood_gets_an_html_429_from_the_shared_sign_in_budget(gateway: httpx.Client) -> None:
    answers = [gateway.get("/signin") for _ in range(25)]
    limited = [r for r in answers if r.status_code == 429]
    assert limited, [r.status_code for r in answers]
    assert {r.status_code for r in answers} == {200, 429}
    assert limited[0].headers["content-type"].startswith("text/html")
    assert limited[0].headers["retry-after"] == "1"
    time.sleep(2.5)  # let the per-address bucket refill for later tests


def test_killed_service_answers_json_502_while_others_answer_and_recovers(
    stack: Stack, gateway: httpx.Client
) -> None:
    stack.stop_service("ugc_api")
    try:
        down = gateway.get("/ugc/health")
        assert down.status_code == 502
        assert down.json()["code"] == "bad_gateway"
        assert down.headers["x-request-id"]
        assert gateway.get("/booking/health").status_code == 200
        assert gateway.get("/auth/health").status_code == 200
    finally:
        stack.start_service("ugc_api")
    assert gateway.get("/ugc/health").status_code == 200


def test_the_web_front_down_is_an_html_page_while_the_apis_answer(
    stack: Stack, gateway: httpx.Client
) -> None:
    stack.stop_service("web")
    try:
        down = gateway.get("/")
        assert down.status_code == 503
        assert down.headers["content-type"].startswith("text/html")
        assert "back in a moment" in down.text
        assert down.headers["x-request-id"]
        assert gateway.get("/booking/health").status_code == 200
    finally:
        stack.start_service("web")
    assert gateway.get("/").status_code == 200
