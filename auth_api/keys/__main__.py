"""Key management: `python -m auth_api.keys list|ensure|rotate|retire KID` (reads DATA_DIR or AUTH_KEYS_DIR;
or pass --dir).

`rotate` adds a key and publishes it in the JWKS at once; it starts signing after `--activate-in` seconds
(default 360: longer than the 300 seconds other services cache the JWKS, so none of them meets a token
signed with a key it has not fetched yet). The running service picks the new key up by itself, and the
older keys stay published, so tokens already issued stay valid. `retire` an old key only once the
longest access-token lifetime (ACCESS_TOKEN_TTL_SECONDS, 15 minutes by default) has passed since the new
key became active.
"""

import argparse
import sys
from pathlib import Path

from auth_api.config import Settings
from auth_api.keys.store import KeyStore, KeyStoreError

DEFAULT_ACTIVATE_IN = 360


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m auth_api.keys", description="Manage auth's signing keys."
    )
    parser.add_argument(
        "--dir", type=Path, help="key directory (default: AUTH_KEYS_DIR or DATA_DIR/auth_keys)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="show the published keys and which one signs")
    commands.add_parser("ensure", help="generate the first key if there is none")
    rotate = commands.add_parser("rotate", help="publish a new key that signs after --activate-in seconds")
    rotate.add_argument("--activate-in", type=float, default=DEFAULT_ACTIVATE_IN, metavar="SECONDS")
    retire = commands.add_parser("retire", help="stop publishing an old key")
    retire.add_argument("kid")
    args = parser.parse_args(argv)

    store = KeyStore(args.dir or Settings().keys_dir)
    try:
        if args.command == "ensure":
            print(f"active {store.ensure_key().kid}")
        elif args.command == "rotate":
            key = store.rotate(activate_in=args.activate_in)
            print(f"added {key.kid}, signs from {key.active_from.isoformat()}")
        elif args.command == "retire":
            print(f"retired {store.retire(args.kid).kid}")
        else:
            published = store.published()
            active = store.active() if published else None
            for key in sorted(published, key=lambda k: k is not active):
                state = "active" if key is active else "published"
                print(f"{state:<10} {key.kid}  signs from {key.active_from.isoformat()}")
    except KeyStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
