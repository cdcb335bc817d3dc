"""Reading auth's emails from the stack's mail sink (`.data/mail/*.eml`), as a person would."""

import email
import email.policy
import re
import time
from email.message import EmailMessage

from devstack.stack import Stack

_TOKEN = re.compile(r"[?&]token=([A-Za-z0-9_\-]+)")


def account_mail(stack: Stack, address: str, kind: str) -> list[EmailMessage]:
    """Auth's emails of `kind` (`verify_email`, `reset_password`, `password_changed`) to `address`."""
    found = []
    for path in sorted(stack.mail_dir.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address and message["X-Kinoclub-Account"] == kind:
            found.append(message)
    return found  # type: ignore[return-value]


def wait_for_mail(
    stack: Stack, address: str, kind: str, *, count: int = 1, timeout: float = 15
) -> list[EmailMessage]:
    """At least `count` such emails, waiting for the worker to send them."""
    deadline = time.monotonic() + timeout
    while True:
        found = account_mail(stack, address, kind)
        if len(found) >= count or time.monotonic() > deadline:
            assert len(found) >= count, f"{len(found)} {kind} emails to {address}, wanted {count}"
            return found
        time.sleep(0.1)


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def link_token(message: EmailMessage) -> str:
    """The token of the link in the email's text."""
    found = _TOKEN.search(body_of(message))
    assert found, body_of(message)
    return found.group(1)
