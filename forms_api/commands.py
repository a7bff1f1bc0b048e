"""`flask --app forms_api outbox ...`: what operators need to see and steer the outbox."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup


def _outbox():
    return current_app.extensions["forms_outbox"]


outbox_group = AppGroup("outbox", help="Inspect and deliver the outbox of form submissions.")


@outbox_group.command("status")
def status() -> None:
    """Counts per state, and every dead letter with its last error."""
    counts = _outbox().counts()
    for state in ("pending", "sending", "sent", "dead", "spam"):
        click.echo(f"{state:8} {counts[state]}")
    dead = _outbox().items("dead")
    if dead:
        click.echo("\ndead letters (run `outbox retry REF` when the cause is fixed):")
        for item in dead:
            click.echo(
                f"  {item.ref}  {item.form_id}  {item.received_at:%Y-%m-%d %H:%M}  attempts={item.attempts}  {item.last_error}"
            )
    waiting = [i for i in _outbox().items("pending") if i.attempts]
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
    """Make a waiting or dead-lettered submission due now."""
    if not _outbox().retry(ref.upper()):
        raise click.ClickException(f"{ref} is not waiting or dead-lettered")
    click.echo(f"{ref.upper()} is due now; run `outbox send` or wait for the sender")


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


def init_app(app: Flask) -> None:
    app.cli.add_command(outbox_group)
