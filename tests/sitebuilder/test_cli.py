"""The command line: exit codes 0 / 1 / 2, error lines on stderr, a one-line summary."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

GOLDEN = REPO_ROOT / "tests" / "sites" / "golden" / "content"
INVALID = REPO_ROOT / "tests" / "sites" / "invalid" / "multiple_errors" / "content"
ERROR_LINE = re.compile(r"^.+\.(md|yml):\d+: error: .+$")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_valid_site_exits_0_with_a_summary(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = run_cli("build", "--content", GOLDEN, "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    match = re.fullmatch(
        r"built (\d+) pages \((\d+) files written\) into (.+) in \d+\.\d\d s\n", result.stdout
    )
    assert match, result.stdout
    assert int(match[1]) == 10  # with /sok/
    assert int(match[2]) == len(snapshot(out))
    assert match[3] == str(out)
    assert (out / "index.html").is_file()


def test_invalid_site_exits_1_with_every_error_and_leaves_out_unchanged(
    run_cli, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    assert run_cli("build", "--content", GOLDEN, "--out", out).returncode == 0
    before = snapshot(out)

    result = run_cli("build", "--content", INVALID, "--out", out)

    assert result.returncode == 1
    assert result.stdout == ""
    *errors, summary = result.stderr.splitlines()
    assert len(errors) >= 5
    assert all(ERROR_LINE.match(line) for line in errors), errors
    assert all(line.startswith(f"{INVALID}/") for line in errors)
    assert summary == f"build failed: {len(errors)} errors; {out} was not changed"
    assert snapshot(out) == before


def test_one_error_is_not_called_errors(run_cli, tmp_path: Path) -> None:
    content = REPO_ROOT / "tests" / "sites" / "invalid" / "wrong_type" / "content"
    result = run_cli("build", "--content", content, "--out", tmp_path / "public")
    assert result.returncode == 1
    assert (
        result.stderr.splitlines()[-1]
        == f"build failed: 1 error; {tmp_path / 'public'} was not changed"
    )


def test_unknown_option_exits_2(run_cli, tmp_path: Path) -> None:
    result = run_cli("build", "--content", GOLDEN, "--out", tmp_path / "public", "--snabbt")
    assert result.returncode == 2
    assert "--snabbt" in result.stderr
    assert not (tmp_path / "public").exists()


def test_missing_command_exits_2(run_cli) -> None:
    result = run_cli()
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_missing_content_folder_exits_2(run_cli, tmp_path: Path) -> None:
    result = run_cli("build", "--content", tmp_path / "finns-inte", "--out", tmp_path / "public")
    assert result.returncode == 2
    assert f"content folder {tmp_path / 'finns-inte'} does not exist" in result.stderr
    assert not (tmp_path / "public").exists()


def test_out_equal_to_content_exits_2_and_keeps_the_content(run_cli, scratch_site) -> None:
    content = scratch_site()
    before = snapshot(content)
    result = run_cli("build", "--content", content, "--out", content)
    assert result.returncode == 2
    assert "would replace your content or theme" in result.stderr
    assert snapshot(content) == before


def test_out_containing_the_content_exits_2(run_cli, scratch_site) -> None:
    content = scratch_site()
    result = run_cli("build", "--content", content, "--out", content.parent)
    assert result.returncode == 2
    assert (content / "site.yml").is_file()


def test_out_inside_the_content_folder_exits_2(run_cli, scratch_site) -> None:
    # Otherwise the next build publishes the previous output as assets (public/public/...).
    content = scratch_site()
    result = run_cli("build", "--content", content, "--out", content / "public")
    assert result.returncode == 2, result.stdout
    assert "inside the content or theme folder" in result.stderr
    assert not (content / "public").exists()


def test_out_inside_the_theme_folder_exits_2(run_cli, tmp_path: Path) -> None:
    out = REPO_ROOT / "theme" / "public-test"
    result = run_cli("build", "--content", GOLDEN, "--out", out)
    assert result.returncode == 2
    assert not out.exists()


def test_base_url_without_scheme_exits_2(run_cli, tmp_path: Path) -> None:
    result = run_cli(
        "build", "--content", GOLDEN, "--out", tmp_path / "p", "--base-url", "goldby.example"
    )
    assert result.returncode == 2
    assert "--base-url must start with http:// or https://" in result.stderr


def test_base_url_changes_canonical_links_links_and_sitemap(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "public"
    base = "https://staging.goldby.example/webb"
    result = run_cli("build", "--content", GOLDEN, "--out", out, "--base-url", base)
    assert result.returncode == 0, result.stderr
    page = (out / "bygga-bo-och-miljo" / "bygglov" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}/bygga-bo-och-miljo/bygglov/">' in page
    assert 'href="/webb/e-tjanster/"' in page
    assert "www.goldby.example" not in page
    locs = [e.text for e in ET.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert locs and all(loc.startswith(f"{base}/") for loc in locs)
    assert f"Sitemap: {base}/sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")


def test_drafts_option_includes_draft_pages(run_cli, scratch_site, tmp_path: Path) -> None:
    content = scratch_site(
        {"Utkast.md": "---\ntitle: Utkast\ndescription: Inte klar.\ndraft: true\n---\n\nText.\n"}
    )
    without, with_drafts = tmp_path / "utan", tmp_path / "med"
    assert run_cli("build", "--content", content, "--out", without).returncode == 0
    assert run_cli("build", "--content", content, "--out", with_drafts, "--drafts").returncode == 0
    assert not (without / "utkast").exists()
    assert "<h1>Utkast</h1>" in (with_drafts / "utkast" / "index.html").read_text(encoding="utf-8")


# -- serve ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, seconds: float, what: str):
    """Poll ``condition`` until it returns something truthy; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            found = condition()
        except OSError:  # not listening yet
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.1)


def test_serve_rebuilds_on_change_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GOLDEN, content)
    page_file = content / "Bygga, bo och miljö" / "Avfall och återvinning.md"
    port = free_port()
    out_log, err_log = tmp_path / "serve.out", tmp_path / "serve.err"
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        # The forms API that serve mounts writes its outbox and mail here, not into the repo.
        "FORMS_DATABASE": str(tmp_path / "var" / "outbox.sqlite3"),
        "FORMS_MAIL_DIR": str(tmp_path / "var" / "mail"),
        "FORMS_SENDER_THREAD": "false",
    }
    command = [sys.executable, str(REPO_ROOT / "build.py"), "serve", "--port", str(port)]
    command += ["--content", str(content), "--out", str(tmp_path / "public")]
    with out_log.open("w") as stdout, err_log.open("w") as stderr:
        server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=stdout, stderr=stderr)
    url = f"http://127.0.0.1:{port}/bygga-bo-och-miljo/avfall-och-atervinning/"
    try:
        status, html = wait_for(lambda: fetch(url), 60, "the first build to be served")
        assert status == 200 and "Soporna hämtas varannan vecka." in html
        assert f"serving http://127.0.0.1:{port}/" in out_log.read_text(encoding="utf-8")
        # The forms API is mounted on the same origin, with its outbox in the scratch folder.
        assert fetch(f"http://127.0.0.1:{port}/api/health")[0] == 200
        assert (tmp_path / "var" / "outbox.sqlite3").is_file()

        text = page_file.read_text(encoding="utf-8")
        page_file.write_text(text + "\nGrovsopor hämtas en gång i månaden.\n", encoding="utf-8")
        wait_for(lambda: "Grovsopor hämtas en gång i månaden." in fetch(url)[1], 15, "the edit")

        broken = text.replace("title: Avfall och återvinning\n", "titel: Avfall\n")
        page_file.write_text(broken + "\nTrasig version.\n", encoding="utf-8")
        error = f"{page_file}:2: error: unknown key `titel`; did you mean `title`?"
        wait_for(lambda: error in err_log.read_text(encoding="utf-8"), 15, "the error line")
        assert "build failed: 1 error;" in err_log.read_text(encoding="utf-8")
        status, html = fetch(url)
        assert status == 200
        assert "Grovsopor hämtas en gång i månaden." in html and "Trasig version." not in html
        assert server.poll() is None, "the server stopped after a failed build"
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl+C: serve closes the socket and exits 0
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode == 0, err_log.read_text(encoding="utf-8")
