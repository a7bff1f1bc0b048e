"""`check`: the build's errors with codes, editors' warnings, text and JSON output, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from sitebuilder.checks import check_site, months_before
from sitebuilder.errors import BuildFailed
from sitebuilder.pipeline import BuildOptions, make_site

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "content"
INVALID = sorted(p for p in (REPO_ROOT / "tests" / "sites" / "invalid").iterdir() if p.is_dir())
TODAY = dt.date(2026, 11, 25)
FINDING_LINE = re.compile(r"^(.+\.(?:md|yml)):(\d+): (error|warning): (.+)$")

# A site with nothing to report: every page reviewed, linked and described.
HOME = """\
---
title: Välkommen till Testby kommun
description: Information från Testby kommun.
reviewed: 2026-10-01
---

Läs om [bygglov](/bygga/bygglov/).
"""
SECTION = """\
---
title: Bygga
description: Bygga och bo i Testby.
reviewed: 2026-10-01
---
"""


def page(front: str = "", body: str = "Text.\n", title: str = "Bygglov") -> str:
    front = front or "reviewed: 2026-10-01\n"
    return f"---\ntitle: {title}\ndescription: Om {title.lower()}.\n{front}---\n\n{body}"


def site(**pages: str) -> dict[str, str]:
    """The clean site, with ``Bygga/<name>.md`` pages replaced or added."""
    files = {"_index.md": HOME, "Bygga/_index.md": SECTION, "Bygga/Bygglov.md": page()}
    files.update({f"Bygga/{name}.md": text for name, text in pages.items()})
    return files


@pytest.fixture
def check(scratch_site):
    """Check a scratch site as of TODAY; returns its findings as `path:line: level: message`."""

    def run(files: dict[str, str | None], *codes: str, **options: object) -> list[str]:
        content = scratch_site(files)
        report = check_site(BuildOptions(content=content, **options), today=TODAY)  # type: ignore[arg-type]
        return [
            f.format().replace(f"{content}/", "")
            for f in report.findings
            if not codes or f.code in codes
        ]

    return run


@pytest.fixture
def codes(scratch_site):
    """Check a scratch site as of TODAY; returns (code, level) of every finding."""

    def run(files: dict[str, str | None]) -> list[tuple[str, str]]:
        report = check_site(BuildOptions(content=scratch_site(files)), today=TODAY)
        return [(f.code, f.level) for f in report.findings]

    return run


def test_clean_site_has_no_findings(scratch_site) -> None:
    report = check_site(BuildOptions(content=scratch_site(site())), today=TODAY)
    assert report.findings == ()
    assert report.text() == "no problems found\n"
    assert json.loads(report.json()) == {"findings": [], "errors": 0, "warnings": 0}


# -- the build's errors, with codes -----------------------------------------------------------


def test_broken_link_and_anchor(check) -> None:
    body = "## Regler\n\n[a](/bygga/byglov/) och [b](/bygga/bygglov/#avgift) och [c](#regler)\n"
    assert check(site(Bygglov=page(body=body)), "broken-link", "broken-anchor") == [
        "Bygga/Bygglov.md:9: error: link `/bygga/bygglov/#avgift`: /bygga/bygglov/ has no "
        "heading with id `avgift`",
        "Bygga/Bygglov.md:9: error: link `/bygga/byglov/` goes to no page on this site; "
        "did you mean /bygga/bygglov/?",
    ]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("[Taxa](Taxa.md)\n", "broken-link"),
        ("[Taxa](/bygga/bygglov/#saknas)\n", "broken-anchor"),
        ("![](karta.png)\n", "missing-alt"),
        ("## Två\n\n#### Fyra\n", "heading-skip"),
        ("# Ett\n", "h1-in-body"),
        ("::: tips\nText.\n:::\n", "unknown-box"),
        ("::: info\nText.\n", "box-unclosed"),
        ("::: info\nA\n::: warning\nB\n:::\n:::\n", "box-nested"),
        ("- Steg\n\n  ::: info\n  Text.\n  :::\n", "box-list"),
        ("> ::: info\n", "box-quote"),
        ("Text.\n\n:::\n", "box-stray-close"),
        ("[](/bygga/)\n", "empty-link-text"),
        ("##\n", "empty-heading"),
        ("##Avgifter\n", "not-a-heading"),
        ("![Karta](karta.png){.decorative}\n", "decorative-with-alt"),
        ("Se [Bygga] (/bygga/).\n", "not-a-link"),
        ("[Läs mer](/bygga/)\n", "vague-link-text"),
    ],
)
def test_body_errors_have_codes(codes, body: str, code: str) -> None:
    files = {**site(Bygglov=page(body=body)), "Bygga/karta.png": "png"}
    assert (code, "error") in codes(files)


def test_missing_alt_text_and_headings_are_errors_at_their_lines(check) -> None:
    body = "![](karta.png)\n\n## Två\n\n#### Fyra\n\n# Ett\n"
    files = {**site(Bygglov=page(body=body)), "Bygga/karta.png": "png"}
    assert check(files, "missing-alt", "heading-skip", "h1-in-body") == [
        "Bygga/Bygglov.md:7: error: image `karta.png` has no alt text; describe it, "
        "![Beskriv vad bilden visar](karta.png), or mark it decorative: ![](karta.png){.decorative}",
        "Bygga/Bygglov.md:11: error: heading level skipped: `#### ` follows a level-2 heading; "
        "use `### ` so the outline has no gaps",
        "Bygga/Bygglov.md:13: error: a `# ` heading in the text; the title is the page's only "
        "h1, so use `## ` here",
    ]


def test_unknown_form_is_an_error(check) -> None:
    assert check(site(Bygglov=page("form: bygglov\nreviewed: 2026-10-01\n")), "unknown-form") == [
        "Bygga/Bygglov.md:4: error: `form: bygglov` names no form in content/forms/"
    ]


def test_front_matter_problems_are_content_errors(codes) -> None:
    found = codes(site(Bygglov="---\ntitel: Bygglov\ndescription: Om bygglov.\n---\n"))
    assert ("content", "error") in found


def test_unusable_site_yml_is_reported_not_raised(check) -> None:
    found = check({**site(), "site.yml": "name: Testby kommun\n"})
    assert found == [
        "site.yml:1: error: `base_url` is required; add a line "
        "`base_url: https://www.kommun.example` to the site.yml",
        "site.yml:1: error: `language` is required; add a line `language: sv` to the site.yml",
    ]


# -- vague link text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["klicka här", "Klicka här!", "här", " Här ", "läs mer", "Läs mer…", "Läs mer »", "mer",
     "Mer →", "länk", "klicka", "Click here", "here.", "Read more", "MORE", "klicka\nhär"],
)  # fmt: skip
def test_vague_link_text_is_an_error(check, text: str) -> None:
    found = check(site(Bygglov=page(body=f"Ansök [{text}](/bygga/) nu.\n")), "vague-link-text")
    assert len(found) == 1
    assert found[0].startswith("Bygga/Bygglov.md:7: error: link text `")
    assert "(WCAG 2.4.4)" in found[0]


@pytest.mark.parametrize(
    "markdown",
    [
        "[Läs mer om bygglov](/bygga/)",
        "[här finns avgifterna](/bygga/)",
        "[Mer information](https://test.example/)",
        "[![Karta över centrum](karta.png)](/bygga/)",
        "<https://test.example/mer>",
    ],
)
def test_link_text_that_names_the_target_is_fine(codes, markdown: str) -> None:
    files = {**site(Bygglov=page(body=markdown + "\n")), "Bygga/karta.png": "png"}
    assert codes(files) == []


def test_vague_link_text_is_found_in_external_links_and_on_its_own_line(check) -> None:
    body = "Text.\n\nAnsök i e-tjänsten,\n[klicka här](https://e-tjanster.test.example/).\n"
    assert check(site(Bygglov=page(body=body)), "vague-link-text") == [
        "Bygga/Bygglov.md:10: error: link text `klicka här` does not say where the link goes "
        "(WCAG 2.4.4); link the words that name the target instead, e.g. "
        "`Läs om [avgifter för bygglov](https://e-tjanster.test.example/)`"
    ]


def test_vague_link_text_fails_the_build(scratch_errors) -> None:
    errors = scratch_errors(site(Bygglov=page(body="[Läs mer](/bygga/)\n")))
    assert errors == [
        "Bygga/Bygglov.md:7: error: link text `Läs mer` does not say where the link goes "
        "(WCAG 2.4.4); link the words that name the target instead, e.g. "
        "`Läs om [avgifter för bygglov](/bygga/)`"
    ]


# -- description ---------------------------------------------------------------------------------


def test_missing_or_empty_description_is_an_error(check, codes) -> None:
    missing = "---\ntitle: Bygglov\nreviewed: 2026-10-01\n---\n\nText.\n"
    assert check(site(Bygglov=missing), "description-missing") == [
        "Bygga/Bygglov.md:1: error: `description` is required; add a line "
        "`description: En mening om vad sidan handlar om.` to the front matter"
    ]
    empty = '---\ntitle: Bygglov\ndescription: ""\nreviewed: 2026-10-01\n---\n'
    assert ("description-missing", "error") in codes(site(Bygglov=empty))
    blank = "---\ntitle: Bygglov\ndescription:\nreviewed: 2026-10-01\n---\n"
    assert ("description-missing", "error") in codes(site(Bygglov=blank))


def test_description_over_160_characters_is_a_warning_with_its_length(check) -> None:
    def with_description(n: int) -> str:
        return f"---\ntitle: Bygglov\ndescription: {'a' * n}\nreviewed: 2026-10-01\n---\n"

    assert check(site(Bygglov=with_description(160))) == []
    assert check(site(Bygglov=with_description(161))) == [
        "Bygga/Bygglov.md:3: warning: the description is 161 characters; search results show "
        "about 160, so shorten it to one sentence of at most 160"
    ]


def test_description_over_the_schemas_300_is_an_error(codes) -> None:
    text = f"---\ntitle: Bygglov\ndescription: {'a' * 301}\nreviewed: 2026-10-01\n---\n"
    assert ("description-long", "error") in codes(site(Bygglov=text))


# -- review dates --------------------------------------------------------------------------------


def test_page_past_its_review_interval_is_a_warning(check) -> None:
    assert check(site(Bygglov=page("reviewed: 2025-11-25\n"))) == []
    assert check(site(Bygglov=page("reviewed: 2025-11-24\n"))) == [
        "Bygga/Bygglov.md:4: warning: last reviewed 2025-11-24, more than 12 months ago "
        "(review_interval_months in site.yml); check that the page is still correct, then set "
        "`reviewed: 2026-11-25`"
    ]


def test_review_interval_comes_from_site_yml(check) -> None:
    files = {
        **site(Bygglov=page("reviewed: 2026-05-24\n")),
        "site.yml": "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
        "review_interval_months: 6\n",
    }
    assert check(files, "review-overdue") == [
        "Bygga/Bygglov.md:4: warning: last reviewed 2026-05-24, more than 6 months ago "
        "(review_interval_months in site.yml); check that the page is still correct, then set "
        "`reviewed: 2026-11-25`"
    ]


def test_page_without_reviewed_is_a_warning(check) -> None:
    assert check(site(Bygglov="---\ntitle: Bygglov\ndescription: Om bygglov.\n---\n")) == [
        "Bygga/Bygglov.md:1: warning: the page has no `reviewed` date; check that it is "
        "correct, then add `reviewed: 2026-11-25`"
    ]


def test_an_unreadable_reviewed_date_is_an_error_not_also_a_missing_date(codes) -> None:
    bad = "---\ntitle: Bygglov\ndescription: Om bygglov.\nreviewed: 2026-13-01\n---\n\nText.\n"
    found = codes(site(Bygglov=bad))
    assert ("review-missing", "warning") not in found
    assert any(level == "error" for _, level in found), found


def test_news_items_are_not_reviewed(check) -> None:
    news = "---\ntitle: Nyhet\ndescription: En nyhet.\ntype: news\ndate: 2020-01-01\n---\n"
    assert check({**site(), "Nyheter/_index.md": SECTION, "Nyheter/Nyhet.md": news}) == []


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(dt.date(2026, 11, 25), 12) == dt.date(2025, 11, 25)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


# -- pages nothing links to ----------------------------------------------------------------------


def test_page_no_other_page_links_to_is_a_warning(check) -> None:
    assert check(site(Strandskydd=page(title="Strandskydd"))) == [
        "Bygga/Strandskydd.md:1: warning: no other page links here; link to it from a related page"
    ]


def test_a_link_from_the_page_itself_does_not_count(check) -> None:
    own = "## Regler\n\nSe [reglerna](#regler) och [sidan](/bygga/strandskydd/).\n"
    assert check(site(Strandskydd=page(title="Strandskydd", body=own))) == [
        "Bygga/Strandskydd.md:1: warning: no other page links here; link to it from a related page"
    ]


def test_links_by_file_alias_or_heading_count(check) -> None:
    files = site(
        Bygglov=page(body="[Strandskydd](Strandskydd.md#regler), [avlopp](/avlopp/)\n"),
        Strandskydd=page(body="## Regler\n", title="Strandskydd"),
        Avlopp=page("aliases: [/avlopp/]\nreviewed: 2026-10-01\n", title="Avlopp"),
    )
    assert check(files) == []


def test_section_listing_menu_home_news_and_footer_do_not_need_links(check) -> None:
    files = {
        **site(),
        "site.yml": "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
        "nav: [Bygga]\naccessibility_statement: Om/Tillgänglighet.md\n",
        "Om/_index.md": SECTION.replace("Bygga", "Om webbplatsen"),
        "Om/Tillgänglighet.md": page(title="Tillgänglighet"),
        "Nyheter/_index.md": SECTION.replace("Bygga", "Nyheter"),
        "Nyheter/Nyhet.md": "---\ntitle: Nyhet\ndescription: Ny.\ntype: news\ndate: 2026-11-01\n---\n",
        "A–Ö.md": page(title="A–Ö"),
    }
    assert check(files) == [
        "Om/_index.md:1: warning: no other page links here; link to it from a related page"
    ]


def test_without_nav_in_site_yml_every_top_level_section_is_in_the_menu(check) -> None:
    files = {**site(), "Om/_index.md": SECTION.replace("Bygga", "Om webbplatsen")}
    assert check(files, "orphan-page") == []


# -- translations and lättläst -------------------------------------------------------------------


def lattlast(front: str, body: str = "Text.\n") -> str:
    return page(f"translation_of: Bygga/Bygglov.md\n{front}", body, title="Bygglov på lättläst")


def test_translation_reviewed_before_its_source_is_a_warning(check) -> None:
    files = site(Bygglov=page("reviewed: 2026-10-01\n", "[Lättläst](<Bygglov på lättläst.md>)\n"))
    files["Bygga/Bygglov på lättläst.md"] = lattlast("reviewed: 2026-09-30\n")
    assert check(files) == [
        "Bygga/Bygglov på lättläst.md:5: warning: this version was last reviewed 2026-09-30, but "
        "its source Bygga/Bygglov.md was reviewed 2026-10-01; bring it up to date "
        "with the source, then set `reviewed: 2026-11-25`"
    ]
    files["Bygga/Bygglov på lättläst.md"] = lattlast("reviewed: 2026-10-01\n")
    assert check(files) == []


def test_translation_without_reviewed_is_a_warning_when_its_source_has_one(check) -> None:
    files = site(Bygglov=page(body="[Lättläst](<Bygglov på lättläst.md>)\n"))
    files["Bygga/Bygglov på lättläst.md"] = (
        "---\ntitle: Lättläst\ndescription: Lättläst.\ntranslation_of: Bygga/Bygglov.md\n---\n"
    )
    assert check(files, "translation-outdated") == [
        "Bygga/Bygglov på lättläst.md:4: warning: this version has no `reviewed` date, but its "
        "source Bygga/Bygglov.md was reviewed 2026-10-01; bring it up to date with the source, "
        "then set `reviewed: 2026-11-25`"
    ]


def test_translation_of_no_page_is_an_error_in_check_and_build(check, scratch_errors) -> None:
    files = {
        **site(Lattlast=lattlast("reviewed: 2026-10-01\n").replace("Bygga/Bygglov.md", "bild.png")),
        "bild.png": "png",
    }
    expected = [
        "Bygga/Lattlast.md:4: error: `translation_of: bild.png` names no page under content/; "
        "give the source page's file relative to content/, e.g. `Bygga, bo och miljö/Bygglov.md`"
    ]
    assert check(files, "unknown-translation-source") == expected
    assert scratch_errors(files) == expected


def test_translation_of_is_written_as_a_path_under_content(make_scratch) -> None:
    files = site(Lattlast=lattlast("reviewed: 2026-10-01\n"))
    meta = make_scratch(files).index.pages["/bygga/lattlast/"].meta
    assert meta.translation_of == "Bygga/Bygglov.md"


def test_every_warning_has_its_code(codes) -> None:
    files = site(
        Bygglov=page(body="[Lättläst](<Lättläst.md>) [utan](Utan.md) [lång](Lang.md)\n"),
        Gammal=page("reviewed: 2020-01-01\n", title="Gammal"),  # also nothing links here
        Utan="---\ntitle: Utan\ndescription: Utan.\n---\n",
        Lang=f"---\ntitle: Lång\ndescription: {'a' * 200}\nreviewed: 2026-10-01\n---\n",
    )
    files["Bygga/Lättläst.md"] = lattlast("reviewed: 2026-01-01\n", body="![bild](karta.png)\n")
    files["Bygga/karta.png"] = "png"
    assert sorted(codes(files)) == [
        ("description-long", "warning"),
        ("orphan-page", "warning"),
        ("review-missing", "warning"),
        ("review-overdue", "warning"),
        ("translation-outdated", "warning"),
        ("weak-alt", "warning"),
    ]


# -- alt texts that say nothing -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("alt", "why"),
    [
        ("bild", "says only that there is an image, not what it shows"),
        ("Image", "says only that there is an image, not what it shows"),
        ("Foto.", "says only that there is an image, not what it shows"),
        ("picture", "says only that there is an image, not what it shows"),
        ("karta.png", "is the file's name, which does not say what the image shows"),
        ("karta", "is the file's name, which does not say what the image shows"),
        ("IMG_1234", "is a camera's file name, which does not say what the image shows"),
        ("DSC01234.JPG", "is a camera's file name, which does not say what the image shows"),
        ("1", "does not say what the image shows"),
    ],
)
def test_alt_text_that_says_nothing_is_a_warning_at_its_line(check, alt: str, why: str) -> None:
    files = site(Bygglov=page(body=f"Text.\n\n![{alt}](bilder/karta.png)\n"))
    files["Bygga/bilder/karta.png"] = "png"
    assert check(files) == [
        f"Bygga/Bygglov.md:9: warning: alt text `{alt}` {why}; describe it for someone who "
        "cannot see it, e.g. ![Beskriv vad bilden visar](bilder/karta.png), or if it is only "
        "decoration: ![](bilder/karta.png){.decorative}"
    ]


def test_alt_text_that_repeats_the_link_text_is_a_warning(check) -> None:
    files = site(Bygglov=page(body="[![Avfall](sopor.png) Avfall](/bygga/bygglov/)\n"))
    files["Bygga/sopor.png"] = "png"
    assert check(files, "weak-alt") == [
        "Bygga/Bygglov.md:7: warning: alt text `Avfall` repeats the link text beside the image, "
        "so a screen reader says it twice; leave the alt text empty and mark the image "
        "decorative: ![](sopor.png){.decorative}"
    ]


@pytest.mark.parametrize(
    "markdown",
    [
        "![Karta över området vid Exempelvägen](karta.png)",
        "![Bildspel från julmarknaden på torget](karta.png)",
        "![](karta.png){.decorative}",
        "```\n![bild](karta.png)\n```",
    ],
    ids=["description", "starts-with-bild", "decorative", "in-code"],
)
def test_alt_text_that_describes_is_fine(check, markdown: str) -> None:
    files = site(Bygglov=page(body=markdown + "\n"))
    files["Bygga/karta.png"] = "png"
    assert check(files) == []


def test_a_weak_alt_text_does_not_stop_the_build(make_scratch) -> None:
    files = site(Bygglov=page(body="![bild](karta.png)\n"))
    files["Bygga/karta.png"] = "png"
    assert 'alt="bild"' in make_scratch(files).files["bygga/bygglov/index.html"].decode()


def test_the_same_weak_alt_twice_is_reported_at_each_line(check) -> None:
    files = site(Bygglov=page(body="![bild](a.png)\n\nText.\n\n![bild](b.png)\n"))
    files["Bygga/a.png"] = files["Bygga/b.png"] = "png"
    assert [line.split(": warning")[0] for line in check(files)] == [
        "Bygga/Bygglov.md:7",
        "Bygga/Bygglov.md:11",
    ]


# -- the same errors as the build -----------------------------------------------------------------


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_check_reports_exactly_the_errors_build_reports(case: Path) -> None:
    options = BuildOptions(content=case / "content", today=TODAY)
    with pytest.raises(BuildFailed) as failed:
        make_site(options)
    report = check_site(options)
    errors = [f.format() for f in report.findings if f.level == "error"]
    assert errors == [e.format() for e in failed.value.errors]


def test_findings_are_sorted_by_path_then_line(scratch_site) -> None:
    files = site(
        Bygglov=page(body="[Läs mer](/bygga/)\n\n![](x.png)\n"),
        Avlopp=page("", "## A\n\n#### B\n", "Avlopp"),
    )
    files["Bygga/x.png"] = "png"
    report = check_site(BuildOptions(content=scratch_site(files)), today=TODAY)
    keys = [(str(f.path), f.line) for f in report.findings]
    assert keys == sorted(keys)


# -- the command line ------------------------------------------------------------------------------


def test_cli_warnings_only_exits_0_with_lines_and_summary(run_cli, scratch_site) -> None:
    content = scratch_site(site(Strandskydd=page(title="Strandskydd")))
    result = run_cli("check", "--content", content)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"{content}/Bygga/Strandskydd.md:1: warning: no other page links here; link to it from "
        "a related page",
        "0 errors, 1 warning",
    ]


def test_cli_errors_exit_1(run_cli, scratch_site) -> None:
    content = scratch_site(site(Bygglov=page(body="[Läs mer](/bygga/)\n\n[a](/finns-inte/)\n")))
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    *lines, summary = result.stdout.splitlines()
    assert [FINDING_LINE.match(line)[3] for line in lines] == ["error", "error"]  # type: ignore[index]
    assert summary == "2 errors, 0 warnings"


def test_cli_clean_site_says_no_problems(run_cli, scratch_site) -> None:
    result = run_cli("check", "--content", scratch_site(site()))
    assert (result.returncode, result.stdout) == (0, "no problems found\n")


def test_cli_json_has_findings_with_codes_and_counts(run_cli, scratch_site) -> None:
    content = scratch_site(site(Bygglov=page(body="![](x.png)\n"), Avlopp=page(title="Avlopp")))
    (content / "Bygga" / "x.png").write_bytes(b"png")
    result = run_cli("check", "--content", content, "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document == {
        "findings": [
            {
                "path": f"{content}/Bygga/Avlopp.md",
                "line": 1,
                "level": "warning",
                "code": "orphan-page",
                "message": "no other page links here; link to it from a related page",
            },
            {
                "path": f"{content}/Bygga/Bygglov.md",
                "line": 7,
                "level": "error",
                "code": "missing-alt",
                "message": "image `x.png` has no alt text; describe it, ![Beskriv vad bilden visar]"
                "(x.png), or mark it decorative: ![](x.png){.decorative}",
            },
        ],
        "errors": 1,
        "warnings": 1,
    }


def test_cli_drafts_option_checks_draft_pages(run_cli, scratch_site) -> None:
    draft = page("draft: true\nreviewed: 2026-10-01\n", "[Läs mer](/bygga/)\n", "Utkast")
    content = scratch_site(site(Utkast=draft))
    assert run_cli("check", "--content", content).returncode == 0
    result = run_cli("check", "--content", content, "--drafts")
    assert result.returncode == 1
    assert "Utkast.md:8: error: link text `Läs mer`" in result.stdout


@pytest.mark.parametrize(
    "args",
    [["--format", "xml"], ["--content", "/finns/inte"], ["--out", "public"], ["--snabbt"]],
)
def test_cli_bad_usage_exits_2(run_cli, args: list[str]) -> None:
    result = run_cli("check", *args)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_check_writes_nothing(run_cli, scratch_site, tmp_path: Path) -> None:
    content = scratch_site(site())
    before = sorted(tmp_path.rglob("*"))
    assert run_cli("check", "--content", content).returncode == 0
    assert sorted(tmp_path.rglob("*")) == before


# -- the sample content --------------------------------------------------------------------------


def test_sample_content_with_three_problems_prints_three_errors(run_cli, tmp_path: Path) -> None:
    """The issue's done-when: a broken link, an image without alt text, a skipped heading."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)

    def edit(rel: str, old: str, new: str) -> tuple[str, int]:
        """Replace the line ``old`` (which must be there once) and return where it is."""
        file = content / rel
        lines = file.read_text(encoding="utf-8").split("\n")
        assert lines.count(old) == 1, f"{rel} has no single line {old!r}"
        number = lines.index(old)
        lines[number] = new
        file.write_text("\n".join(lines), encoding="utf-8")
        return f"{content}/{rel}", number + 1

    bygglov = "Bygga, bo och miljö/Bygglov.md"
    image = next(
        line
        for line in (content / bygglov).read_text(encoding="utf-8").splitlines()
        if line.startswith("![") and line.endswith("](bilder/husplan.svg)")
    )
    parking, heading = edit(
        "Trafik och gator/Parkering.md",
        "## Avgifter",
        "## Avgifter\n\nSe [kartan](/trafik-och-gator/parkeringskarta/).",
    )
    expected = [
        edit(bygglov, image, "![](bilder/husplan.svg)"),
        edit("Kultur och fritid/Bibliotek.md", "## Meröppet", "#### Meröppet"),
        (parking, heading + 2),
    ]

    result = run_cli("check", "--content", content)

    assert result.returncode == 1, result.stdout
    found = [m for m in map(FINDING_LINE.match, result.stdout.splitlines()) if m]
    errors = [m for m in found if m[3] == "error"]
    assert [(m[1], int(m[2])) for m in errors] == expected, result.stdout
    assert "has no alt text" in errors[0][4]
    assert "heading level skipped" in errors[1][4]
    assert "goes to no page on this site" in errors[2][4]
    assert result.stdout.splitlines()[-1] == f"3 errors, {len(found) - 3} warnings"


def test_sample_content_has_no_errors(capsys) -> None:
    report = check_site(BuildOptions(content=SAMPLE), today=TODAY)
    with capsys.disabled():
        print(f"\n{report.text()}", end="")
    assert [f.format() for f in report.findings if f.level == "error"] == []
