"""The site as the API sees it: the same content, forms and theme the build used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitebuilder.assets import theme_assets
from sitebuilder.errors import BuildFailed, ErrorList
from sitebuilder.forms.loading import LoadedForm, git_commit
from sitebuilder.markdown import render_markdown
from sitebuilder.model import Page
from sitebuilder.pipeline import BuildOptions, Indexed, index_site
from sitebuilder.render import Renderer, SiteAssets
from sitebuilder.schema import FrontMatter
from sitebuilder.theme import DEFAULT_THEME


class SiteNotLoadable(RuntimeError):
    """The content has errors; the API refuses to start rather than guess."""


@dataclass(frozen=True)
class ApiSite:
    indexed: Indexed
    assets: SiteAssets
    commits: dict[str, str | None]  # form id -> last git commit of its definition
    zone: dt.tzinfo

    @property
    def config(self):
        return self.indexed.config

    def form(self, form_id: str) -> LoadedForm | None:
        return self.indexed.index.forms.get(form_id)

    def renderer(self, today: dt.date | None = None) -> Renderer:
        today = today or dt.datetime.now(self.zone).date()
        return Renderer(self.indexed.index, self.indexed.theme, self.assets, today)

    def strings(self, lang: str | None = None) -> dict[str, str]:
        return self.indexed.theme.strings.for_lang(lang or self.config.language)

    def page_with_form(self, form_id: str) -> Page | None:
        """The content page that embeds this form, to show it again with the errors."""
        return next((p for p in self.indexed.index.pages.values() if p.meta.form == form_id), None)

    def render_form_page(
        self, form_id: str, values: dict, errors: dict[str, str], today: dt.date
    ) -> str:
        renderer = self.renderer(today)
        page = self.page_with_form(form_id)
        if page is None:
            loaded = self.form(form_id)
            assert loaded is not None
            meta = FrontMatter.model_construct(
                title=loaded.definition.title,
                description=loaded.definition.intro or loaded.definition.title,
                form=form_id,
            )
            page = Page(f"/api/forms/{form_id}", "page", meta, self.config.language, None)
        labels = self.strings(page.lang)
        body, _, _ = render_markdown(page, self.indexed.index, labels)
        return renderer.render_page(page, body, form_values=values, form_errors=errors)


def load_api_site(content_dir: Path, timezone: str) -> ApiSite:
    errors = ErrorList()
    try:
        indexed = index_site(BuildOptions(content=content_dir, theme=DEFAULT_THEME), errors)
    except BuildFailed as failed:
        errors.items = list(failed.errors)
    if errors:
        lines = "\n".join(e.format() for e in sorted(errors.items))
        raise SiteNotLoadable(f"the content in {content_dir} has errors:\n{lines}")
    assets, _ = theme_assets(DEFAULT_THEME, indexed.config)
    commits = {
        form_id: git_commit(content_dir / "forms" / loaded.path.name)
        for form_id, loaded in indexed.index.forms.forms.items()
    }
    try:
        zone: dt.tzinfo = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return ApiSite(indexed, assets, commits, zone)
