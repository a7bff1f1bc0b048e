"""A field's `pattern` runs on RE2: the build refuses what RE2 cannot take (at the pattern's
line, with the fix), answers are matched in linear time, and the browser is never given it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sitebuilder.forms.answers import check_answers
from sitebuilder.forms.definition import FormDefinition
from sitebuilder.forms.patterns import PATTERN_MAX_INPUT, compiled, pattern_problem
from sitebuilder.strings import load_strings

REPO = Path(__file__).resolve().parents[3]
T = load_strings(REPO / "theme" / "strings", "sv").for_lang("sv")
# The pattern from issue 8 that froze every thread: nested repetition, fine for RE2.
HOSTILE_PATTERN = "^([A-Za-zÅÄÖåäö]+ ?)+ [0-9]+:[0-9]+$"
HOSTILE_ANSWER = "a" * 49 + "!"  # "tid=" + this, URL-encoded, is the 56-byte post


HEAD = """\
id: prov
title: Prov
recipient: prov@kommun.example
subject: Prov
success: Tack.
fields:
  - name: forsta
    type: text
    label: Första frågan
    personal: false
"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def with_pattern(pattern: str) -> str:
    quoted = pattern.replace("\\", "\\\\").replace('"', '\\"')
    return HEAD + (
        f'  - name: val\n    type: text\n    label: Val\n    pattern: "{quoted}"\n'
        "    pattern_error: Skriv rätt\n    personal: false\n"
    )


# case -> (pattern, words the message must contain)
REFUSED: dict[str, tuple[str, str]] = {
    "back-reference": (r"([A-Z]{2})-\1", "`\\1` is a back-reference (to group 1)"),
    "named back-reference": (r"(?P<a>[0-9])(?P=a)", "`(?P=name)` is a back-reference"),
    "look-ahead": (r"(?=.*[0-9])[a-z0-9]{8,}", "`(?=...)` is a look-ahead"),
    "negative look-ahead": (r"(?!0)[0-9]+", "`(?!...)` is a look-ahead"),
    "look-behind": (r"[a-z]+(?<=x)", "`(?<=...)` is a look-behind"),
    "possessive quantifier": (r"[0-9]++", "`++` (a possessive quantifier)"),
    "possessive count": (r"[0-9]{2,3}+", "`{2,3}+` (a possessive quantifier)"),
    "atomic group": (r"(?>[0-9]+)", "`(?>...)` (an atomic group)"),
    "Python's \\Z": (r"[0-9]+\Z", "`\\Z` is not RE2 syntax"),
    "an open count Python reads and RE2 does not": (r"[0-9]{,3}", "write `{0,3}`"),
    "\\w, ASCII only in RE2": (r"\w+", "`\\w` matches only a-z, A-Z, 0-9 and _ in RE2"),
    "\\b, ASCII only in RE2": (r"\bKalle\b", "`\\b` knows only a-z"),
    "[:alpha:], ASCII only in RE2": (r"[[:alpha:] ]+", "`[:alpha:]` matches only a-z and A-Z"),
    "a repeat count over RE2's limit": (r"[0-9]{1001}", "`{1001}` repeats too often for RE2"),
    "counts that multiply past RE2's limit": (
        r"(?:[0-9]{1,100}){1,20}",
        "repeats too often for RE2",
    ),
    "a verbose flag RE2 does not have": (r"(?x) [0-9]+", "`(?x` is not RE2 syntax"),
    "Python's \\u escape": (r"\u00e5+", "write the character itself, or `\\x{e5}`"),
    "an unclosed class": ("[0-9", "not a valid regular expression: missing ] in `[0-9`"),
    "empty": ("", "empty; write the form every answer must have"),
}


@pytest.mark.parametrize(("pattern", "words"), REFUSED.values(), ids=REFUSED.keys())
def test_pattern_re2_cannot_take_is_an_error_at_its_line(scratch_errors, pattern, words):
    text = with_pattern(pattern)

    errors = scratch_errors({"forms/prov.yml": text})

    assert len(errors) == 1, errors
    assert errors[0].startswith(
        f"forms/prov.yml:{line_of(text, 'pattern:')}: error: field `val`: `pattern`: "
    ), errors[0]
    assert words in errors[0], errors[0]


def test_back_reference_error_says_why_and_how_to_write_it(scratch_errors):
    text = with_pattern(r"([0-9]+)-\1")

    errors = scratch_errors({"forms/prov.yml": text})

    assert errors == [
        f"forms/prov.yml:{line_of(text, 'pattern:')}: error: field `val`: `pattern`: `\\1` is a "
        "back-reference (to group 1); RE2 matches in linear time and has none; write the group "
        "out again, e.g. `[0-9]+-[0-9]+` instead of `([0-9]+)-\\1`"
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        HOSTILE_PATTERN,  # nested repetition is fine: RE2 does not backtrack
        "^[0-9]{3} ?[0-9]{2}$",  # the sample site's postnummer
        r"\p{Lu}\p{Ll}+( \p{Lu}\p{Ll}+)*",
        r"(?i)[a-zåäöé -]+",
        r"[0-9]{6}-?[0-9]{4}",
        r"[+*]+ \\1 []a]+ [^]a]+ a+? \x{e5}",  # what looks like trouble but is not
        r"(?P<dag>[0-9]{2})\.(?P<manad>[0-9]{2})",
    ],
)
def test_patterns_re2_takes_are_accepted(pattern):
    assert pattern_problem(pattern) is None


def test_every_sample_pattern_compiles_with_re2():
    from sitebuilder.errors import ErrorList
    from sitebuilder.forms import load_forms

    patterns = []
    for content in (REPO / "content", REPO / "tests" / "sites" / "golden" / "content"):
        errors = ErrorList()
        forms = load_forms(content, errors)
        assert not errors, [e.format() for e in errors.items]
        patterns += [
            f.pattern
            for loaded in forms.forms.values()
            for f in loaded.definition.fields
            if f.pattern
        ]
    assert patterns, "the sample forms use a pattern"
    assert all(pattern_problem(p) is None for p in patterns)


# -- matching --------------------------------------------------------------------------------


def definition(pattern: str, **field: object) -> FormDefinition:
    return FormDefinition.model_validate(
        {
            "id": "prov",
            "title": "Prov",
            "recipient": "prov@kommun.example",
            "subject": "Prov",
            "success": "Tack.",
            "fields": [
                {
                    "name": "val",
                    "type": "text",
                    "label": "Val",
                    "pattern": pattern,
                    "pattern_error": "Skriv rätt",
                    "personal": False,
                    **field,
                }
            ],
        }
    )


def errors_for(d: FormDefinition, answer: str) -> dict[str, str]:
    return check_answers(d, lambda name: [answer] if name == "val" else [], T).errors


def test_patterns_are_compiled_and_matched_by_re2():
    assert type(compiled(HOSTILE_PATTERN)).__module__ == "re2"
    # So are the fixed checks of e-mail addresses, phone numbers, dates and links in answers:
    # no regular expression that reads a resident's answer can backtrack.
    from sitebuilder.forms import answers

    fixed = [answers.EMAIL, answers.TEL, answers.ISO_DATE, answers.LINK]
    assert [type(rx).__module__ for rx in fixed] == ["re2"] * 4
    # \p{..} is RE2 syntax (Python's `re` cannot even compile it): answers follow RE2.
    d = definition(r"\p{Lu}\p{Ll}+")
    assert errors_for(d, "Åsa") == {}
    assert errors_for(d, "åsa") == {"val": "Skriv rätt"}
    assert errors_for(d, "Åsa1") == {"val": "Skriv rätt"}


def test_the_whole_answer_must_match():
    d = definition("[0-9]{3} ?[0-9]{2}")
    assert errors_for(d, "123 45") == {}
    assert errors_for(d, "x123 45") == {"val": "Skriv rätt"}
    assert errors_for(d, "123 456") == {"val": "Skriv rätt"}


def test_hostile_answer_is_refused_in_a_subprocess_that_python_re_could_not_finish_in():
    # Python's re needs about 2**49 steps here; RE2 a few microseconds. The timeout is no
    # benchmark: it only bounds a test that would otherwise never end.
    script = textwrap.dedent(
        f"""
        from sitebuilder.forms.answers import check_answers
        from sitebuilder.forms.definition import FormDefinition
        d = FormDefinition.model_validate({definition(HOSTILE_PATTERN).model_dump(by_alias=True)!r})
        checked = check_answers(d, lambda name: [{HOSTILE_ANSWER!r}], {T!r})
        print(checked.errors["val"])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Skriv rätt"


def test_pattern_sees_at_most_the_length_limit():
    d = definition("[0-9]+")
    assert errors_for(d, "1" * PATTERN_MAX_INPUT) == {}
    assert errors_for(d, "1" * (PATTERN_MAX_INPUT + 1)) == {
        "val": f"”Val” får vara högst {PATTERN_MAX_INPUT} tecken, nu är det {PATTERN_MAX_INPUT + 1}"
    }
    limited = definition("[0-9]+", maxlength=5)
    assert errors_for(limited, "123456") == {"val": "”Val” får vara högst 5 tecken, nu är det 6"}


# -- the page --------------------------------------------------------------------------------


def test_the_browser_is_not_given_the_pattern(make_scratch, parse_html):
    # RE2 syntax is not JavaScript's (\p{L} needs the u or v flag, (?i) does not exist there):
    # a pattern attribute would be ignored or mean something else, and the form is checked
    # by the server anyway (novalidate); the error summary says what is wrong.
    page = "---\ntitle: Prov\ndescription: Ett prov.\nform: prov\n---\n\nText.\n"
    site = make_scratch({"forms/prov.yml": with_pattern(r"\p{Lu}\p{Ll}+"), "Prov.md": page})
    html = site.files["prov/index.html"].decode()
    (form,) = parse_html(html).find_all("form", method="post")
    assert form.get("novalidate") is not None
    (field,) = parse_html(html).find_all("input", name="val")
    assert field.get("pattern") is None
    assert "\\p{Lu}" not in html
