"""No address a sample form sends to appears anywhere in the published sample site."""

from __future__ import annotations

from pathlib import Path

from sitebuilder.errors import ErrorList
from sitebuilder.forms import load_forms
from sitebuilder.pipeline import BuildOptions, build

CONTENT = Path(__file__).resolve().parents[3] / "content"


def test_recipient_addresses_are_never_published(tmp_path: Path) -> None:
    forms = load_forms(CONTENT, ErrorList())
    addresses = set(forms.recipients)
    assert len(addresses) >= 6  # every sample form's inbox, and the routed ones
    out = tmp_path / "public"
    build(BuildOptions(content=CONTENT, out=out, cache=False))

    published = [
        (str(p.relative_to(out)), address)
        for p in sorted(out.rglob("*"))
        if p.is_file()
        for address in addresses
        if address in p.read_bytes().decode("utf-8", "replace").lower()
    ]
    assert published == []
