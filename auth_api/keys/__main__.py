"""Key management: `python -m auth_api.keys list|rotate|retire KID` (DATA_DIR or AUTH_KEYS_DIR, or --dir).

`rotate` adds a key that signs from now on; the running service picks it up by itself, and the JWKS keeps
the older keys, so tokens already issued stay valid. Retire an old key only after the longest token
lifetime has passed since the rotation (15 minutes for access tokens), plus the other services' JWKS
cache time (5 minutes).
"""

import argparse
import sys
from pathlib import Path

from auth_api.config import Settings
from auth_api.keys.store import KeyStore, KeyStoreError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auth_api.keys", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dir", type=Path, help="key directory (default: AUTH_KEYS_DIR or DATA_DIR/auth_keys)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="show the published keys, the active one first")
    commands.add_parser("ensure", help="generate the first key if there is none")
    commands.add_parser("rotate", help="add a new active key; older keys stay published")
    retire = commands.add_parser("retire", help="stop publishing an old key")
    retire.add_argument("kid")
    args = parser.parse_args(argv)

    store = KeyStore(args.dir or Settings().keys_dir)
    try:
        if args.command == "ensure":
            key = store.ensure_key()
            print(f"active {key.kid}")
        elif args.command == "rotate":
            key = store.rotate()
            print(f"active {key.kid}")
        elif args.command == "retire":
            key = store.retire(args.kid)
            print(f"retired {key.kid}")
        else:
            published = store.published()
            for index, key in enumerate(published):
                state = "active" if index == 0 else "published"
                print(f"{state:<10} {key.kid}  created {key.created_at.isoformat()}")
    except KeyStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
