"""The email a department receives, and the two ways to send it (SMTP, or .eml files).

Nothing a resident types reaches a header except the checked Reply-To address; answers
that go into the subject are flattened to one line with encoded-word markers defused.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
import re
import smtplib
import socket
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

from sitebuilder.forms.answers import EMAIL, Answer
from sitebuilder.forms.loading import LoadedForm

_ONE_LINE = re.compile(r"\s+")


def header_safe(text: str, limit: int = 120) -> str:
    """A single line with no control characters and no encoded-word openers, at most
    ``limit`` characters: a longer one is cut at a word and ends with "…", so a reader
    sees that it goes on."""
    text = _ONE_LINE.sub(" ", "".join(ch if ch.isprintable() else " " for ch in text)).strip()
    return shorten(text.replace("=?", "= ?"), limit)


def shorten(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else its start, cut after a whole word
    (mid-word only when the first word is very long), and "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]  # room for the "…"
    if text[limit - 1] != " ":  # the cut is inside a word: end at the word before it
        space = cut.rfind(" ")
        if space > limit // 2:
            cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


def subject_for(loaded: LoadedForm, answers: dict[str, Answer], ref: str) -> str:
    def value(name: str) -> str:
        answer = answers.get(name, "")
        return ", ".join(answer) if isinstance(answer, tuple) else answer

    def placeholder(match: re.Match[str]) -> str:
        # Square brackets become round ones: the reference in brackets at the end is ours.
        return header_safe(value(match.group(1)), 60).replace("[", "(").replace("]", ")")

    subject = re.sub(r"\{([a-z][a-z0-9_]*)\}", placeholder, loaded.definition.subject)
    return f"{header_safe(subject, 150)} [{ref}]"


# 42 bytes of UTF-8 are 56 characters of base64: an encoded word of 68 characters, so that
# "Subject: " and the first word fit in 78 and the policy never folds the header again.
_WORD_BYTES = 42


def encoded_words(text: str) -> str:
    """``text`` as RFC 2047 base64 encoded words, one per line, each of whole characters.

    The standard library's folder drops the space where it splits a non-ASCII header into
    encoded words ("längs Exempelvägen" arrives as "längsExempelvägen"): the whitespace
    between two encoded words is not part of the text, so every space must be inside one,
    as it is here.
    """
    words: list[str] = []
    chunk = b""
    for ch in text:
        encoded = ch.encode("utf-8")
        if len(chunk) + len(encoded) > _WORD_BYTES:
            words.append(chunk.decode("utf-8"))
            chunk = b""
        chunk += encoded
    words.append(chunk.decode("utf-8"))
    return "\n ".join(
        "=?utf-8?b?" + base64.b64encode(w.encode("utf-8")).decode("ascii") + "?=" for w in words
    )


def set_subject(message: EmailMessage, subject: str) -> None:
    """A subject that arrives exactly as written, whatever its length and letters."""
    if subject.isascii() and subject.isprintable() and len("Subject: " + subject) <= 78:
        message["Subject"] = subject  # one line: nothing to fold
    else:
        # The folder also loses text in ASCII: a long first word is moved to a line of its
        # own, and the header then arrives with a space in front.
        # Stored as the header's source text; the policy writes it as it is (its lines
        # are short enough that refold_source="long" leaves them).
        message.set_raw("Subject", encoded_words(subject))


def recipient_for(loaded: LoadedForm, answers: dict[str, Answer]) -> str:
    """The department inbox, or another one when an answer routes the case there."""
    for field in loaded.definition.fields:
        answer = answers.get(field.name)
        if field.route and isinstance(answer, str) and answer in field.route:
            return field.route[answer]
    return loaded.definition.recipient


def reply_to_for(loaded: LoadedForm, answers: dict[str, Answer]) -> str | None:
    for field in loaded.definition.fields:
        answer = answers.get(field.name)
        if (
            field.reply_to
            and isinstance(answer, str)
            and answer
            and EMAIL.match(answer)
            and "=?" not in answer
        ):
            return answer
    return None


# Every line of an answer starts with this; everything the site writes starts at column 0.
# So no answer can pass for a question, the reference, the footer or another answer.
ANSWER_INDENT = "    "
# Control characters (but tab), and bidirectional controls, which could make an indented
# line look like something else on screen.
_HIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def answer_lines(text: str) -> list[str]:
    """An answer as indented lines, split at every line break a mail client may honour.

    ``str.splitlines`` splits at CR, LF, VT, FF, FS, GS, RS, NEL, U+2028 and U+2029, the
    breaks Unicode defines; each piece is indented, so none of them can start a line.
    Control characters and bidirectional controls left in a line become U+FFFD.
    """
    lines = text.splitlines() or [""]
    return [ANSWER_INDENT + _HIDDEN.sub("\ufffd", line) for line in lines]


def body_for(
    loaded: LoadedForm,
    answers: dict[str, Answer],
    *,
    ref: str,
    received_local: str,
    commit: str | None,
    site_name: str,
    shown_version: str | None = None,
) -> str:
    d = loaded.definition
    lines = [
        f"Referensnummer: {ref}",
        f"Formulär: {d.title} ({d.id})",
        f"Mottaget: {received_local}",
        f"Formulärets version: {loaded.version}" + (f" (git {commit[:12]})" if commit else ""),
    ]
    if shown_version and shown_version != loaded.version:
        # The page was built from another version of the questions than the server checked.
        lines.append(
            f"Obs: avsändaren såg formulärversion {shown_version[:12]}, frågorna kan ha ändrats."
        )
    lines.append("")
    for field in d.fields:
        if field.name not in answers:
            continue  # not asked: its `show_if` did not hold
        answer = answers[field.name]
        if isinstance(answer, tuple):
            if not answer:
                lines += [f"{field.label}: (inget valt)", ""]
                continue
            text = "\n".join(f"- {a}" for a in answer)
        elif field.type == "consent":
            text = "Ja" if answer else "Nej"
        elif not answer:
            lines += [f"{field.label}: (inget svar)", ""]
            continue
        else:
            text = answer
        lines += [f"{field.label}:", *answer_lines(text), ""]
    lines += [
        "--",
        f"Skickat via webbformulär på {site_name}. Avsändarens svar står indragna under",
        "varje fråga; det som inte är indraget har webbplatsen skrivit. Svara på det här",
        "mejlet för att svara avsändaren, om hen har lämnat en e-postadress. Ange",
        "referensnumret i all kontakt.",
    ]
    return "\n".join(lines) + "\n"


def compose(
    loaded: LoadedForm,
    answers: dict[str, Answer],
    *,
    ref: str,
    received_at: dt.datetime,
    received_local: str,
    mail_from: str,
    commit: str | None,
    site_name: str,
    shown_version: str | None = None,
) -> tuple[str, EmailMessage]:
    """The complete message, fixed at acceptance so every retry sends the same bytes."""
    recipient = recipient_for(loaded, answers)
    message = EmailMessage(policy=SMTP)
    set_subject(message, subject_for(loaded, answers, ref))
    message["From"] = Address(display_name=header_safe(site_name, 60), addr_spec=mail_from)
    message["To"] = recipient
    reply_to = reply_to_for(loaded, answers)
    if reply_to:
        local, _, domain = reply_to.rpartition("@")
        # Built from its parts: the address is never parsed as header text.
        message["Reply-To"] = Address(username=local, domain=domain)
    domain = mail_from.rsplit("@", 1)[-1]
    message["Message-ID"] = f"<{ref}.{loaded.id}@{domain}>"
    message["Date"] = format_datetime(received_at.astimezone(dt.UTC))
    message["X-Form-Id"] = loaded.id
    message["X-Form-Version"] = loaded.version
    message.set_content(
        body_for(
            loaded,
            answers,
            ref=ref,
            received_local=received_local,
            commit=commit,
            site_name=site_name,
            shown_version=shown_version,
        )
    )
    return recipient, message


class _Cutoff:
    """Shuts an SMTP connection when a send's time is up, so it fails instead of finishing late.

    The SMTP timeout bounds each socket operation, not the whole conversation; a server that
    answers each step slowly could stretch one send past its lease, while another sender,
    seeing the lease run out, sends the same item again.
    """

    def __init__(self, seconds: float | None) -> None:
        self.fired = False
        self._smtp: smtplib.SMTP | None = None
        self._lock = threading.Lock()
        self._timer = None if seconds is None else threading.Timer(seconds, self._fire)
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def watch(self, smtp: smtplib.SMTP) -> None:
        with self._lock:
            self._smtp = smtp
            if self.fired:
                self._shut()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._shut()

    def _shut(self) -> None:
        sock = self._smtp.sock if self._smtp is not None else None
        if sock is not None:
            # The plain socket's shutdown, also for TLS: it wakes a blocked read at once.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


@dataclass(frozen=True)
class SmtpTransport:
    host: str
    port: int
    user: str
    password: str
    starttls: bool
    use_ssl: bool
    timeout: float

    def send(
        self, raw: bytes, sender: str, recipient: str, ref: str, time_limit: float | None = None
    ) -> None:
        """Hand the message to the mail server, within ``time_limit`` seconds if given."""
        if time_limit is not None and time_limit <= 0:
            raise TimeoutError("no time left to send before the lease runs out")
        timeout = self.timeout if time_limit is None else min(self.timeout, time_limit)
        context = ssl.create_default_context()
        cutoff = _Cutoff(time_limit)
        deadline = None if time_limit is None else time.monotonic() + time_limit
        smtp: smtplib.SMTP | None = None
        try:
            if self.use_ssl:
                smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=timeout, context=context)
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=timeout)
            cutoff.watch(smtp)
            if self.starttls and not self.use_ssl:
                smtp.starttls(context=context)
            if self.user:
                smtp.login(self.user, self.password)
            if cutoff.fired:
                raise TimeoutError("connecting took the whole time")
            smtp.sendmail(sender, [recipient], raw)
        except (smtplib.SMTPException, OSError) as error:
            if smtp is not None:
                smtp.close()
            # The socket's own timeout may fire a moment before the cutoff does: past the
            # deadline, either way the send was cut off by its time limit.
            if cutoff.fired or (deadline is not None and time.monotonic() >= deadline):
                raise TimeoutError(
                    f"send cut off after {time_limit:.1f} s, before its lease runs out: {error}"
                ) from error
            raise
        else:
            _quit(smtp)  # still under the cutoff: a stalled QUIT must not outlast the lease
        finally:
            cutoff.cancel()


def _quit(smtp: smtplib.SMTP) -> None:
    """Say goodbye politely; the message is already accepted, so a failure here is no failure."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        pass
    finally:
        smtp.close()


@dataclass(frozen=True)
class DirectoryTransport:
    """For laptops: each email becomes <ref>.eml; writing it twice replaces it."""

    folder: Path

    def send(
        self, raw: bytes, sender: str, recipient: str, ref: str, time_limit: float | None = None
    ) -> None:
        # Residents' answers: the folder is the owner's only (mkstemp makes each file 0600).
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{ref}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.folder / f"{ref}.eml")
