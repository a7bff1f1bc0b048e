"""`flask --app forms_api search report`: what residents searched for, for the editors."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .querylog import KEEP_DAYS, Count, QueryLog

search_group = AppGroup("search", help="The site search: what residents look for.")


@search_group.command("report")
@click.option(
    "--days",
    type=click.IntRange(1, KEEP_DAYS),
    default=30,
    show_default=True,
    help=f"How many days back, today included (the log keeps {KEEP_DAYS}).",
)
@click.option("--limit", type=click.IntRange(1, 1000), default=30, show_default=True)
def report(days: int, limit: int) -> None:
    """The most frequent searches, and the searches that found nothing."""
    querylog: QueryLog | None = current_app.extensions.get("search_log")
    if querylog is None:
        raise click.ClickException("the query log is off (FORMS_SEARCH_LOG_ENABLED=false)")
    today = dt.datetime.now(current_app.extensions["forms_site"].zone).date()
    querylog.expire(today)
    since = today - dt.timedelta(days=days - 1)
    total = querylog.total(today, days)
    click.echo(f"Searches from {since} to {today}: {total}")
    _table("Most frequent", querylog.most_frequent(today, days, limit), mark_empty=True)
    _table(
        "Found nothing (add a synonym to content/search.yml, keywords to a page, or the page"
        " that is missing)",
        querylog.without_results(today, days, limit),
    )


def _table(heading: str, rows: list[Count], *, mark_empty: bool = False) -> None:
    click.echo(f"\n{heading}:")
    if not rows:
        click.echo("  (none)")
        return
    width = max(len(str(row.count)) for row in rows)
    for row in rows:
        mark = "  (no results)" if mark_empty and not row.found else ""
        click.echo(f"  {row.count:>{width}}  {row.query}{mark}")


def init_app(app: Flask) -> None:
    app.cli.add_command(search_group)
