"""`python -m devstack.smtp_sink --port 1025 --dir .data/mail`: the local SMTP server of `make run`.

It accepts every message and writes it to the directory as one `.eml` file (open it with any mail
program, or read it as text), so development never sends real mail. Recipients whose local part starts
with `bounce` are refused with a permanent 550, to see how the notification service records a bad
address."""

import argparse
import os
import signal
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class MailDirHandler:
    def __init__(self, directory: Path):
        self.directory = directory

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address.split("@", 1)[0].lower().startswith("bounce"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        moment = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        name = f"{moment}-{uuid.uuid4().hex[:12]}.eml"
        head = f"X-Sink-Rcpt-To: {', '.join(envelope.rcpt_tos)}\r\n".encode()
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode()
        # Written aside and renamed, so a reader never sees half a message.
        partial = self.directory / f".{name}.part"
        partial.write_bytes(head + content)
        os.replace(partial, self.directory / name)
        return "250 Message accepted for delivery"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.smtp_sink", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--dir", default=".data/mail", help="where each message is written as an .eml file")
    parser.add_argument("--ready-file", default=os.environ.get("READY_FILE", ""))
    args = parser.parse_args(argv)
    directory = Path(args.dir).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    controller = Controller(
        MailDirHandler(directory), hostname=args.host, port=args.port, enable_SMTPUTF8=True, decode_data=False
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    controller.start()
    print(f"SMTP sink on {args.host}:{args.port}, writing to {directory}", flush=True)
    if args.ready_file:
        Path(args.ready_file).write_text(str(os.getpid()))
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
