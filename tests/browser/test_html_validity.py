"""Every page the site and the forms API can show is valid HTML, by the Nu Html Checker (vnu).

One JVM call checks them all (starting Java costs about 3 s): every .html file of the built
site, and the API's own pages saved from the served endpoint (each form with errors, a
receipt, and the 4xx message pages).
"""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

import pytest
from sample_answers import answers_for

import forms_api
from sitebuilder.errors import ErrorList
from sitebuilder.forms import load_forms

CONTENT = Path(__file__).resolve().parents[2] / "content"
FORMS = load_forms(CONTENT, ErrorList()).forms
FORM_TYPE = {"Content-Type": "application/x-www-form-urlencoded"}
# A page vnu must complain about: proves the errors really reach us (--stdout, JSON, paths).
CANARY = '<!DOCTYPE html><html lang="sv"><title>x</title><p><div>fel</p></html>\n'


def fetch(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Status, final URL (redirects followed) and body of one request, errors included."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.geturl(), error.read().decode("utf-8")


# The endpoint's message pages: name, path, body (None: GET), extra headers, expected status.
MESSAGE_PAGES: list[tuple[str, str, bytes | None, dict[str, str], int]] = [
    ("unknown-form-404", "/api/forms/finns-inte", b"", {}, 404),
    ("unknown-receipt-404", "/api/forms/kontakt/receipt/AAAAAAAA", None, {}, 404),
    ("get-not-post-405", "/api/forms/kontakt", None, {}, 405),
    ("not-form-data-400", "/api/forms/kontakt", b"hej", {"Content-Type": "text/plain"}, 400),
    ("other-origin-403", "/api/forms/kontakt", b"namn=x", {"Origin": "https://annan.example"}, 403),
    ("too-large-413", "/api/forms/kontakt", b"meddelande=" + b"x" * 70_000, {}, 413),
    ("search-results", "/api/search?q=bygglov&lang=sv", None, {}, 200),
    ("search-page-2", "/api/search?q=kommun&lang=sv&page=2", None, {}, 200),
    ("search-no-results", "/api/search?q=qwxzvbnmk&lang=sv", None, {}, 200),
    ("search-empty", "/api/search", None, {}, 200),
]


def save_api_pages(served: Any, folder: Path) -> dict[Path, str]:
    """Ask the endpoint for each kind of page it renders and save them; file -> request."""
    folder.mkdir()
    pages: dict[Path, str] = {}

    def keep(name: str, how: str, status: int, expected: int, body: str) -> None:
        assert status == expected, f"{how}: HTTP {status}, expected {expected}\n{body[:500]}"
        file = folder / f"{name}.html"
        file.write_text(body, encoding="utf-8")
        pages[file] = how

    for form_id, loaded in sorted(FORMS.items()):
        post = f"/api/forms/{form_id}"
        status, _, body = fetch(served.url(post), b"", FORM_TYPE)
        if status == 410:  # a closed consultation says so, whatever is posted
            keep(f"{form_id}-410", f"POST {post} (closed)", status, 410, body)
            continue
        keep(f"{form_id}-422", f"POST {post} with no answers", status, 422, body)
        answers = urlencode(answers_for(loaded.definition), doseq=True).encode("ascii")
        status, final, body = fetch(served.url(post), answers, FORM_TYPE)
        assert "/receipt/" in final, f"POST {post} with valid answers ended at {final}"
        keep(f"{form_id}-receipt", f"GET {final.removeprefix(served.base_url)}", status, 200, body)

    for name, path, data, headers, expected in MESSAGE_PAGES:
        how = f"GET {path}" if data is None else f"POST {path}"
        status, _, body = fetch(
            served.url(path), data, {**FORM_TYPE, **headers} if data is not None else {}
        )
        keep(name, how, status, expected, body)

    file = folder / "rate-limited-429.html"
    file.write_text(_rate_limited_page(folder.parent), encoding="utf-8")
    pages[file] = "POST /api/forms/kontakt over the rate limit"
    return pages


def _rate_limited_page(root: Path) -> str:
    """The 429 page: the served API's limit is set high, so this uses an instance of its own."""
    app = forms_api.create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(CONTENT),
            "DATABASE": str(root / "limited.sqlite3"),
            "MAIL_DIR": str(root / "limited-mail"),
            "RATE_LIMIT": "1 per minute",
        }
    )
    client = app.test_client()
    answers = answers_for(FORMS["kontakt"].definition)
    assert client.post("/api/forms/kontakt", data=answers).status_code == 303
    response = client.post("/api/forms/kontakt", data=answers)
    assert response.status_code == 429
    return response.get_data(as_text=True)


def run_vnu(vnu_command: list[str], files: list[Path]) -> list[dict[str, Any]]:
    """vnu's messages (errors, warnings and info) for the files, from one JVM."""
    result = subprocess.run(
        [*vnu_command, "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # 0: no errors, 1: errors; anything else means vnu itself did not run properly.
    assert result.returncode in (0, 1), f"vnu exited {result.returncode}: {result.stderr}"
    return json.loads(result.stdout)["messages"]


def where(message: dict[str, Any], names: dict[Path, str]) -> str:
    path = Path(unquote(message.get("url", "").removeprefix("file:")))
    line = message.get("lastLine", message.get("firstLine", "?"))
    return f"{names.get(path, str(path))}:{line}"


def describe(messages: list[dict[str, Any]], names: dict[Path, str]) -> str:
    """One line per message: file (or the request that produced it), line, message, markup."""
    lines = []
    for m in messages:
        start, length = m.get("hiliteStart", 0), m.get("hiliteLength", 0)
        markup = " ".join(m.get("extract", "")[start : start + length].split())
        lines.append(f"{where(m, names)}: {m['message']}\n    {markup[:240]}")
    return "\n".join(lines)


def test_vnu_finds_no_errors_in_any_page_of_the_site_or_the_forms_api(
    served: Any, vnu_command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = {page: str(page.relative_to(served.out)) for page in sorted(served.out.rglob("*.html"))}
    assert len(names) > 50, f"only {len(names)} pages in {served.out}"
    api_pages = save_api_pages(served, tmp_path / "api")
    names.update({file: f"{file.name} (the page for {how})" for file, how in api_pages.items()})
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")

    messages = run_vnu(vnu_command, [*names, canary])

    canary_errors = [m for m in messages if m.get("url", "").endswith("/canary.html")]
    assert any(m["type"] == "error" for m in canary_errors), (
        f"vnu reported nothing for a broken page, so its output is not being read: {messages}"
    )
    messages = [m for m in messages if m not in canary_errors]
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    warnings = [m for m in messages if m["type"] == "info" and m.get("subType") == "warning"]
    if warnings:
        with capsys.disabled():
            print(f"\nvnu warnings (not failing the test):\n{describe(warnings, names)}")
    if errors:
        pytest.fail(f"{len(errors)} HTML errors:\n{describe(errors, names)}", pytrace=False)
