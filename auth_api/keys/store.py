"""RSA signing keys kept as PEM files in one directory.

Each file is named `<active-from>_<kid>.pem`. The key that signs is the newest one whose active-from time
has come; every key in the directory is published in the JWKS, so tokens signed before a rotation stay
valid, and a rotation can publish its new key some minutes before it signs anything (other services
cache the JWKS). A retired key is moved to `retired/` and is neither used nor published.

Writers (first start, rotation, retirement) hold an exclusive lock on the directory, so several workers
starting at once create one key between them, and files appear by an atomic rename, so a reader never
sees half a key. Readers notice changes by the directory's modification time.
"""

import base64
import fcntl
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from common.clock import Clock, SystemClock

ALGORITHM = "RS256"
KEY_SIZE = 2048
_STAMP = "%Y%m%dT%H%M%S%fZ"
# A directory modified this recently may change again within the same (coarse) timestamp tick, so its
# mtime does not prove that nothing changed since it was read.
_RACY_NS = 2_000_000_000


class KeyStoreError(Exception):
    """The key directory cannot be used as asked (no key, unknown kid, retiring the active key)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def thumbprint(public_key: rsa.RSAPublicKey) -> str:
    """RFC 7638 JWK thumbprint: the kid is derived from the key itself, so it never collides by chance."""
    jwk = RSAAlgorithm.to_jwk(public_key, as_dict=True)
    canonical = json.dumps(
        {"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"), sort_keys=True
    )
    return _b64(hashlib.sha256(canonical.encode()).digest())


@dataclass(frozen=True)
class SigningKey:
    kid: str
    active_from: datetime
    private_key: rsa.RSAPrivateKey = field(repr=False)
    public_key: rsa.RSAPublicKey = field(repr=False)
    path: Path

    def jwk(self) -> dict[str, Any]:
        jwk = RSAAlgorithm.to_jwk(self.public_key, as_dict=True)
        return {"kty": "RSA", "n": jwk["n"], "e": jwk["e"], "kid": self.kid, "alg": ALGORITHM, "use": "sig"}


def _load(path: Path) -> SigningKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise KeyStoreError(f"{path} is not an RSA private key")
    try:
        active_from = datetime.strptime(path.name.split("_", 1)[0], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        # A key an operator dropped in by hand: its file time says how new it is.
        active_from = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    public = key.public_key()
    return SigningKey(
        kid=thumbprint(public), active_from=active_from, private_key=key, public_key=public, path=path
    )


class KeyStore:
    def __init__(self, directory: Path, *, clock: Clock | None = None):
        self.directory = Path(directory)
        self.retired_dir = self.directory / "retired"
        self.clock = clock or SystemClock()
        self._seen_mtime: int | None = None
        self._by_path: dict[Path, SigningKey] = {}
        self._keys: dict[str, SigningKey] = {}

    # -- reading ---------------------------------------------------------------------------------
    def _pem_files(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(p for p in self.directory.glob("*.pem") if not p.name.startswith("."))

    def _reload_if_changed(self) -> None:
        try:
            mtime: int | None = self.directory.stat().st_mtime_ns
        except FileNotFoundError:
            mtime = None
        if mtime is not None and mtime == self._seen_mtime:
            return
        loaded = {path: self._by_path.get(path) or _load(path) for path in self._pem_files()}
        self._by_path = loaded
        self._keys = {key.kid: key for key in loaded.values()}
        self._seen_mtime = mtime if mtime is not None and time.time_ns() - mtime > _RACY_NS else None

    def published(self) -> list[SigningKey]:
        """Every key that verifies tokens (all keys not retired), newest first."""
        self._reload_if_changed()
        return sorted(self._keys.values(), key=lambda k: (k.active_from, k.kid), reverse=True)

    def active(self) -> SigningKey:
        """The key that signs new tokens: the newest whose time has come (the first key at once)."""
        keys = self.published()
        if not keys:
            raise KeyStoreError(f"no signing key in {self.directory}")
        now = self.clock.now()
        return next((key for key in keys if key.active_from <= now), keys[-1])

    def get(self, kid: str) -> SigningKey | None:
        self._reload_if_changed()
        return self._keys.get(kid)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.jwk() for key in self.published()]}

    # -- writing ---------------------------------------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(self.directory / ".lock", "a") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _write_new_key(self, active_from: datetime) -> SigningKey:
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
        pem = private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        public = private_key.public_key()
        kid = thumbprint(public)
        final = self.directory / f"{active_from.astimezone(UTC).strftime(_STAMP)}_{kid}.pem"
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".new-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.rename(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._seen_mtime = None
        return SigningKey(
            kid=kid, active_from=active_from, private_key=private_key, public_key=public, path=final
        )

    def ensure_key(self) -> SigningKey:
        """The active key, generating the first one if the directory has none."""
        # A directory that holds a key already needs no lock: it may be a read-only mounted Secret.
        if self._pem_files():
            return self.active()
        with self._locked():
            if not self._pem_files():
                self._write_new_key(self.clock.now())
            return self.active()

    def rotate(self, *, activate_in: float = 0) -> SigningKey:
        """Add a key, published at once, that signs `activate_in` seconds from now; older keys stay."""
        with self._locked():
            return self._write_new_key(self.clock.now() + timedelta(seconds=activate_in))

    def retire(self, kid: str) -> SigningKey:
        """Stop publishing a key (tokens it signed stop verifying). The active key cannot be retired."""
        with self._locked():
            self._seen_mtime = None
            key = self.get(kid)
            if key is None:
                raise KeyStoreError(f"no published key with kid {kid}")
            if key.kid == self.active().kid:
                raise KeyStoreError("the active key cannot be retired; rotate first")
            self.retired_dir.mkdir(exist_ok=True, mode=0o700)
            os.rename(key.path, self.retired_dir / key.path.name)
            self._seen_mtime = None
            return key


class LocalKeySource:
    """`common.security.KeySource` over the key store, so auth verifies its own tokens without HTTP."""

    def __init__(self, store: KeyStore):
        self.store = store

    async def get_key(self, kid: str) -> Any | None:
        key = self.store.get(kid)
        return key.public_key if key else None
