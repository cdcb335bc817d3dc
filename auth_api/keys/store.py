"""RSA signing keys kept as PEM files in one directory.

The newest key signs; every key in the directory is published in the JWKS, so tokens signed before a
rotation stay valid. A retired key is moved to `retired/` and is neither used nor published. Writers
(first start, rotation, retirement) hold an exclusive lock on the directory, so several workers starting
at once create one key between them; readers notice changes by the directory's modification time.
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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ALGORITHM = "RS256"
KEY_SIZE = 2048
_STAMP = "%Y%m%dT%H%M%S%fZ"
_RACY_NS = 2_000_000_000


class KeyStoreError(Exception):
    """The key directory cannot be used as asked (no key, unknown kid, retiring the active key)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass(frozen=True)
class SigningKey:
    kid: str
    created_at: datetime
    private_key: rsa.RSAPrivateKey
    path: Path

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self.private_key.public_key()

    def jwk(self) -> dict[str, Any]:
        jwk = RSAAlgorithm.to_jwk(self.public_key, as_dict=True)
        return {"kty": "RSA", "n": jwk["n"], "e": jwk["e"], "kid": self.kid, "alg": ALGORITHM, "use": "sig"}


def thumbprint(public_key: rsa.RSAPublicKey) -> str:
    """RFC 7638 JWK thumbprint: the kid is derived from the key itself, so it never collides by chance."""
    jwk = RSAAlgorithm.to_jwk(public_key, as_dict=True)
    canonical = json.dumps(
        {"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"), sort_keys=True
    )
    return _b64(hashlib.sha256(canonical.encode()).digest())


def _load(path: Path) -> SigningKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise KeyStoreError(f"{path} is not an RSA private key")
    stamp = path.name.split("_", 1)[0]
    try:
        created = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        # A key an operator dropped in by hand: its file time says how new it is.
        created = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return SigningKey(kid=thumbprint(key.public_key()), created_at=created, private_key=key, path=path)


class KeyStore:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.retired_dir = self.directory / "retired"
        self._seen_mtime: int | None = None
        self._keys: dict[str, SigningKey] = {}
        self._by_path: dict[Path, SigningKey] = {}
        self._active: SigningKey | None = None

    # -- reading ---------------------------------------------------------------------------------
    def _reload_if_changed(self) -> None:
        try:
            mtime = self.directory.stat().st_mtime_ns
        except FileNotFoundError:
            mtime = None
        if mtime is not None and mtime == self._seen_mtime:
            return
        loaded = {}
        for path in self._pem_files():
            known = self._by_path.get(path)
            loaded[path] = known if known is not None else _load(path)
        self._by_path = loaded
        keys = sorted(loaded.values(), key=lambda k: (k.created_at, k.kid))
        self._keys = {k.kid: k for k in keys}
        self._active = keys[-1] if keys else None
        # A directory changed within the last moments may change again within the same (coarse)
        # timestamp tick, so its mtime is trusted only once it is old enough.
        self._seen_mtime = mtime if mtime is not None and time.time_ns() - mtime > _RACY_NS else None

    def _pem_files(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(p for p in self.directory.glob("*.pem") if not p.name.startswith("."))

    def active(self) -> SigningKey:
        """The key that signs new tokens (the newest one)."""
        self._reload_if_changed()
        if self._active is None:
            raise KeyStoreError(f"no signing key in {self.directory}")
        return self._active

    def published(self) -> list[SigningKey]:
        """Every key that verifies tokens: all keys not retired, newest first."""
        self._reload_if_changed()
        return sorted(self._keys.values(), key=lambda k: (k.created_at, k.kid), reverse=True)

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

    def _write_new_key(self) -> SigningKey:
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
        pem = private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        created = datetime.now(UTC)
        kid = thumbprint(private_key.public_key())
        final = self.directory / f"{created.strftime(_STAMP)}_{kid}.pem"
        # Written under a hidden name and renamed, so a reader never loads half a key.
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
        return SigningKey(kid=kid, created_at=created, private_key=private_key, path=final)

    def ensure_key(self) -> SigningKey:
        """The active key, generating the first one if the directory has none."""
        with self._locked():
            if not self._pem_files():
                self._write_new_key()
            return self.active()

    def rotate(self) -> SigningKey:
        """Add a new key that signs from now on; the older keys stay published."""
        with self._locked():
            return self._write_new_key()

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
