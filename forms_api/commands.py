"""`flask --app forms_api outbox ...`: what operators need to see and steer the outbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .outbox import Item
from .pages import message_page


def _outbox():
    return current_app.extensions["forms_outbox"]


outbox_group = AppGroup("outbox", help="Inspect and deliver the outbox of form submissions.")


def _utc(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC" if moment else "-"


@outbox_group.command("status")
def status() -> None:
    """Counts per state; every item being sent, waiting, or dead-lettered."""
    box = _outbox()
    counts = box.counts()
    for state in ("pending", "sending", "sent", "dead", "spam"):
        click.echo(f"{state:8} {counts[state]}")
    sending = box.items("sending")
    if sending:
        click.echo(
            "\nbeing sent (a sender holds a lease; when it runs out, the item is sent again):"
        )
        for item in sending:
            lease = "lease ends" if item.lease_running() else "lease ran out"
            click.echo(
                f"  {item.ref}  {item.form_id}  {lease} {_utc(item.claimed_until)}"
                f"  attempt {item.attempts}"
            )
    dead = box.items("dead")
    if dead:
        days = current_app.config["DEAD_RETENTION_DAYS"]
        click.echo(
            f"\ndead letters (answers kept {days} days after receipt, then erased;"
            " run `outbox retry REF` when the cause is fixed):"
        )
        for item in dead:
            erase = item.received_at + dt.timedelta(days=days)
            kept = "answers erased" if item.message is None else f"erased after {erase:%Y-%m-%d}"
            click.echo(
                f"  {item.ref}  {item.form_id}  {item.received_at:%Y-%m-%d %H:%M}"
                f"  attempts={item.attempts}  {kept}  {item.last_error}"
            )
    waiting = [i for i in box.items("pending") if i.attempts]
    if waiting:
        click.echo("\nwaiting to be retried:")
        for item in waiting:
            click.echo(
                f"  {item.ref}  {item.form_id}  next {item.next_attempt_at:%Y-%m-%d %H:%M:%S}  {item.last_error}"
            )


@outbox_group.command("send")
def send() -> None:
    """Deliver everything that is due, once (for cron)."""
    from . import policy_for, transport_for
    from .sender import deliver_due

    result = deliver_due(
        _outbox(), transport_for(current_app.config), policy_for(current_app.config)
    )
    click.echo(f"sent {result['sent']}, failed {result['failed']}")
    if result["failed"]:
        raise SystemExit(1)


@outbox_group.command("retry")
@click.argument("ref")
def retry(ref: str) -> None:
    """Make a waiting or dead-lettered submission due now (or one whose lease ran out)."""
    ref = ref.upper()
    done, item = _outbox().retry(ref)
    if not done:
        raise click.ClickException(f"{ref} is not waiting or dead-lettered: {_why_not(item)}")
    click.echo(f"{ref} is due now; run `outbox send` or wait for the sender")


def _why_not(item: Item | None) -> str:
    if item is None:
        return "there is no submission with that reference"
    if item.state == "sending":
        return (
            f"a sender is sending it right now; its lease ends {_utc(item.claimed_until)}."
            " If that sender has died, the item is sent again by itself when the lease"
            " ends (or retry it then)"
        )
    if item.state == "sent":
        return f"it was delivered {_utc(item.sent_at)}"
    if item.state == "spam":
        return "it is in quarantine; use `outbox release` to send it"
    if item.message is None:
        return (
            f"its answers were erased {current_app.config['DEAD_RETENTION_DAYS']} days after"
            " receipt; ask the resident to send the form again"
        )
    return f"it is {item.state}"


@outbox_group.command("spam")
def spam() -> None:
    """List quarantined submissions (purged after the retention period)."""
    items = _outbox().items("spam")
    for item in items:
        click.echo(
            f"{item.ref}  {item.form_id}  {item.received_at:%Y-%m-%d %H:%M}  {item.spam_reason}"
        )
    click.echo(f"{len(items)} in quarantine")


@outbox_group.command("release")
@click.argument("ref")
def release(ref: str) -> None:
    """Send a quarantined submission after all."""
    if not _outbox().release(ref.upper()):
        raise click.ClickException(f"{ref} is not in quarantine")
    click.echo(f"{ref.upper()} released; it will be sent")


# The pages nginx shows when it refuses a request itself (deploy/nginx/forms.conf), by the
# status nginx answers with, and the strings each one says.
NGINX_PAGES = {
    "400.html": "bad_request",
    "413.html": "too_large",
    "414.html": "bad_request",
    "429.html": "busy",
    "503.html": "unavailable",
}


@click.command("error-pages")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def error_pages(folder: Path) -> None:
    """Write the pages nginx shows for its own errors, in the site's look, into FOLDER."""
    folder.mkdir(parents=True, exist_ok=True)
    with current_app.test_request_context("/api/"):
        for name, key in NGINX_PAGES.items():
            page = message_page(200, key).get_data()
            tmp = folder / f".{name}.tmp"
            tmp.write_bytes(page)
            tmp.replace(folder / name)
    click.echo(f"wrote {len(NGINX_PAGES)} pages to {folder}")


def init_app(app: Flask) -> None:
    app.cli.add_command(outbox_group)
    app.cli.add_command(error_pages)
