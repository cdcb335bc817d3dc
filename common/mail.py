"""Email over SMTP, for every service that sends mail (notification, auth). Each answer is sorted into sent,
temporary (try again later: the server is down, busy, or says 4xx) or permanent (the server said 5xx,
e.g. no such mailbox: never try again)."""

import asyncio
import contextlib
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Protocol

SENT = "sent"
TEMPORARY = "temporary"
PERMANENT = "permanent"


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    body: str
    message_id: str = field(default_factory=make_msgid)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SendResult:
    outcome: str
    error: str | None = None


class Mailer(Protocol):
    async def send(self, emails: Sequence[OutgoingEmail]) -> list[SendResult]: ...


def _outcome(code: int) -> str:
    return PERMANENT if 500 <= code < 600 else TEMPORARY


def _text(code: int, message: bytes | str) -> str:
    detail = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
    return f"{code} {detail}"[:500]


def _reset(smtp: smtplib.SMTP) -> None:
    # A broken connection shows itself on the next message, which then waits for a later round.
    with contextlib.suppress(smtplib.SMTPException, OSError):
        smtp.rset()


class SmtpMailer:
    """Sends a batch over one SMTP connection (plain, as to a local relay or sink)."""

    def __init__(self, *, host: str, port: int, sender: str, timeout: float = 10.0):
        self.host = host
        self.port = port
        self.sender = sender
        self.timeout = timeout

    def _message(self, email: OutgoingEmail, *, eight_bit: bool) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message["Message-ID"] = email.message_id
        message["Date"] = format_datetime(datetime.now(UTC))
        for name, value in email.headers.items():
            message[name] = value
        # 8-bit UTF-8 keeps the body readable in the .eml file when the server takes it; base64 otherwise.
        message.set_content(email.body, cte="8bit" if eight_bit else "base64")
        return message

    def _send_all(self, emails: Sequence[OutgoingEmail]) -> list[SendResult]:
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as exc:
            error = f"cannot connect to {self.host}:{self.port}: {exc}"[:500]
            return [SendResult(TEMPORARY, error)] * len(emails)
        results: list[SendResult] = []
        try:
            try:
                smtp.ehlo_or_helo_if_needed()
            except (smtplib.SMTPException, OSError) as exc:
                return [SendResult(TEMPORARY, f"{exc.__class__.__name__}: {exc}"[:500])] * len(emails)
            eight_bit = smtp.has_extn("8bitmime")
            options = ["BODY=8BITMIME"] if eight_bit else []
            for email in emails:
                try:
                    smtp.send_message(self._message(email, eight_bit=eight_bit), mail_options=options)
                    results.append(SendResult(SENT))
                except smtplib.SMTPRecipientsRefused as exc:
                    code, message = next(iter(exc.recipients.values()))
                    results.append(SendResult(_outcome(code), _text(code, message)))
                    _reset(smtp)
                except smtplib.SMTPResponseException as exc:
                    results.append(SendResult(_outcome(exc.smtp_code), _text(exc.smtp_code, exc.smtp_error)))
                    _reset(smtp)
                except (smtplib.SMTPNotSupportedError, ValueError) as exc:
                    # An address or header this server cannot take (e.g. non-ASCII without SMTPUTF8).
                    results.append(SendResult(PERMANENT, f"{exc.__class__.__name__}: {exc}"[:500]))
                    _reset(smtp)
                except (smtplib.SMTPException, OSError) as exc:
                    # The connection is gone: this message and the rest wait for the next round.
                    error = f"{exc.__class__.__name__}: {exc}"[:500]
                    results.extend([SendResult(TEMPORARY, error)] * (len(emails) - len(results)))
                    break
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
        return results

    async def send(self, emails: Sequence[OutgoingEmail]) -> list[SendResult]:
        if not emails:
            return []
        return await asyncio.to_thread(self._send_all, list(emails))
