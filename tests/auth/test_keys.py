"""Signing keys: generated once on first start, rotated without invalidating live tokens, retired."""

import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from auth_api.config import get_settings
from auth_api.keys.store import KeyStore, KeyStoreError, LocalKeySource
from auth_api.main import create_app
from common.clock import FakeClock
from devstack.stack import Stack
from tests.auth.verifying import jwks_verifier
from tests.factories import login, new_user


def _keys_cli(*args: str, data_dir: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "auth_api.keys", *args],
        env={**os.environ, "DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _kid(token: str) -> str:
    return jwt.get_unverified_header(token)["kid"]


def _published(gateway: httpx.Client) -> set[str]:
    return {key["kid"] for key in gateway.get("/auth/v1/jwks").json()["keys"]}


# -- the store on its own ----------------------------------------------------------------------------


def test_workers_starting_at_once_create_a_single_key(tmp_path: Path) -> None:
    keys_dir = tmp_path / "auth_keys"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "auth_api.keys", "--dir", str(keys_dir), "ensure"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    outputs = {proc.communicate(timeout=60)[0].strip() for proc in procs}
    assert len(list(keys_dir.glob("*.pem"))) == 1
    assert len(outputs) == 1, "every worker signs with the same key"
    assert not list(keys_dir.glob(".new-*")), "no half-written files are left behind"


def test_a_store_sees_a_rotation_made_by_another_process(tmp_path: Path) -> None:
    reader, writer = KeyStore(tmp_path), KeyStore(tmp_path)
    first = reader.ensure_key()
    second = writer.rotate()
    assert reader.active().kid == second.kid
    assert {k.kid for k in reader.published()} == {first.kid, second.kid}


def test_a_rotated_key_is_published_at_once_and_signs_from_its_activation_time(tmp_path: Path) -> None:
    clock = FakeClock()
    store = KeyStore(tmp_path, clock=clock)
    first = store.ensure_key()
    pending = store.rotate(activate_in=360)
    assert pending.kid in {key["kid"] for key in store.jwks()["keys"]}
    assert store.active().kid == first.kid
    clock.advance(timedelta(seconds=360))
    assert store.active().kid == pending.kid


def test_a_retired_key_is_no_longer_published_and_the_active_one_cannot_be_retired(tmp_path: Path) -> None:
    store = KeyStore(tmp_path)
    old = store.ensure_key()
    new = store.rotate()
    with pytest.raises(KeyStoreError):
        store.retire(new.kid)
    with pytest.raises(KeyStoreError):
        store.retire("no-such-kid")
    store.retire(old.kid)
    assert [key.kid for key in store.published()] == [new.kid]
    assert store.get(old.kid) is None
    assert (tmp_path / "retired" / old.path.name).exists()


def test_a_key_an_operator_put_in_the_directory_is_used(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (tmp_path / "production.pem").write_bytes(pem)
    store = KeyStore(tmp_path)
    assert store.ensure_key().public_key.public_numbers() == key.public_key().public_numbers()
    assert len(list(tmp_path.glob("*.pem"))) == 1


async def test_auth_verifies_its_own_tokens_with_its_key_files_not_over_http(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        app = create_app()
        async with app.router.lifespan_context(app):
            assert isinstance(app.state.verifier.keys, LocalKeySource)
            user_id = uuid.uuid4()
            token = app.state.issuer.access_token(
                user_id=user_id, groups=["users"], now=datetime.now(UTC), session_id=uuid.uuid4()
            )
            assert (await app.state.verifier.verify(token)).user_id == user_id
    finally:
        get_settings.cache_clear()
    assert list((tmp_path / "auth_keys").glob("*.pem")), "the first start generated the key"


# -- rotation in the running stack --------------------------------------------------------------------


async def test_rotation_keeps_tokens_signed_with_the_old_key_valid(
    stack: Stack, gateway: httpx.Client
) -> None:
    before = new_user(stack)
    _keys_cli("rotate", "--activate-in", "0", data_dir=stack.data_dir)

    after = login(stack, before.email, before.password)
    assert _kid(after.access_token) != _kid(before.access_token), "the running service signs with the new key"
    assert {_kid(before.access_token), _kid(after.access_token)} <= _published(gateway)
    for user in (before, after):
        assert gateway.get("/auth/v1/me", headers=user.headers).status_code == 200
    async with jwks_verifier(stack) as verifier:
        for user in (before, after):
            assert (await verifier.verify(user.access_token)).user_id == user.id


def test_a_pending_key_is_published_before_it_signs_and_can_be_withdrawn(
    stack: Stack, gateway: httpx.Client
) -> None:
    current = _kid(new_user(stack).access_token)
    output = _keys_cli("rotate", data_dir=stack.data_dir)
    pending = output.split()[1].rstrip(",")
    assert pending in _published(gateway)
    assert _kid(new_user(stack).access_token) == current

    _keys_cli("retire", pending, data_dir=stack.data_dir)
    assert pending not in _published(gateway)


def test_a_retired_key_stops_verifying_its_tokens(stack: Stack, gateway: httpx.Client) -> None:
    _keys_cli("rotate", "--activate-in", "0", data_dir=stack.data_dir)
    doomed = new_user(stack)
    doomed_kid = _kid(doomed.access_token)
    _keys_cli("rotate", "--activate-in", "0", data_dir=stack.data_dir)
    survivor = new_user(stack)

    _keys_cli("retire", doomed_kid, data_dir=stack.data_dir)
    assert doomed_kid not in _published(gateway)
    assert gateway.get("/auth/v1/me", headers=doomed.headers).status_code == 401
    assert gateway.get("/auth/v1/me", headers=survivor.headers).status_code == 200


def test_keys_cli_lists_the_active_key_first(stack: Stack) -> None:
    lines = _keys_cli("list", data_dir=stack.data_dir).splitlines()
    assert lines[0].startswith("active")
    assert all(line.startswith(("active", "published")) for line in lines)
