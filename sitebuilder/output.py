"""Stage 5, write: every output file, rendered only when its inputs changed.

Pages are rendered across the cores, and each worker writes its pages itself (into the new
folder, or the staging folder of an incremental build): no page's HTML travels back to this
process. Generated files (feed, sitemap, redirects, theme assets) are cheap and always made;
a file whose bytes did not change is not rewritten.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from jinja2 import TemplateError

from .assets import theme_assets
from .errors import BuildFailed, ContentError
from .feeds import atom_feed, netlify_redirects, robots, sitemap
from .incremental import Keys, State
from .model import FEED_URL, Body, Page, SiteIndex, alias_file
from .parallel import parallel_map
from .render import Renderer
from .theme import template_error, template_errors
from .write import FreshFolder, InPlace

if TYPE_CHECKING:
    from .pipeline import BuildOptions, Indexed


def generated_files(
    renderer: Renderer, index: SiteIndex, bodies: dict[str, Body], files: dict[str, bytes]
) -> dict[str, bytes]:
    """Every file besides the pages: redirects, 404, feed, sitemap, robots, theme assets."""
    generated = dict(files)
    for old, new in index.aliases.items():
        generated[alias_file(old)] = renderer.render_redirect(old, index.pages[new]).encode()
    generated["404.html"] = renderer.render_404().encode()
    generated[FEED_URL.lstrip("/")] = atom_feed(renderer, bodies).encode()
    generated["sitemap.xml"] = sitemap(renderer).encode()
    generated["robots.txt"] = robots(renderer).encode()
    generated["_redirects"] = netlify_redirects(renderer).encode()
    return generated


def write_output(
    options: BuildOptions,
    indexed: Indexed,
    bodies: dict[str, Body],
    keys: Keys,
    body_keys: dict[str, str],
    today: dt.date,
    state: State | None,
    new_state: State,
) -> int:
    """Write what changed (everything, into a fresh folder, when there is no usable state)."""
    index = indexed.index
    site_assets, asset_files = theme_assets(options.theme, indexed.config)
    renderer = Renderer(index, indexed.theme, site_assets, today)
    writer: FreshFolder | InPlace = (
        InPlace(options.out) if state is not None else FreshFolder(options.out)
    )
    produced: set[str] = set()
    try:
        today_key = today.isoformat()
        todo: list[Page] = []
        for page in index.pages.values():
            key = keys.page(page, body_keys[page.url], today_key)
            new_state.pages[page.output] = key
            produced.add(page.output)
            if state is None or state.pages.get(page.output) != key:
                todo.append(page)
        failures: list[ContentError] = []

        def render(page: Page) -> bool | ContentError:
            """Render and write (or stage) one page in a worker; only a flag comes back."""
            try:
                html = renderer.render_page(page, bodies[page.url]).encode()
            except TemplateError as exc:
                return template_error(exc, options.theme, page.url)
            return writer.put(page.output, html)

        for page, done in zip(todo, parallel_map(render, todo, name="pages"), strict=True):
            if isinstance(done, ContentError):
                failures.append(done)
            elif done:
                writer.record(page.output)
        if failures:
            raise BuildFailed(template_errors(failures))

        try:
            generated = generated_files(renderer, index, bodies, asset_files)
        except TemplateError as exc:
            failure = template_error(exc, options.theme, "a generated page")
            raise BuildFailed(template_errors([failure])) from None
        for path, data in sorted(generated.items()):
            writer.write(path, data)  # InPlace skips files whose bytes are unchanged
            produced.add(path)
        for url, asset in sorted(index.assets.items()):
            path = url.lstrip("/")
            produced.add(path)
            rel = str(asset.rel)
            unchanged = (
                state is not None
                and state.content.get(rel) == new_state.content.get(rel)
                and path in state.outputs
            )
            if not unchanged:
                writer.copy(path, indexed.root / asset.rel)
        if isinstance(writer, InPlace) and state is not None:
            for path in sorted(set(state.outputs) - produced):
                writer.remove(path)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    out = options.out.resolve()
    for path in produced:
        st = os.stat(out / path)
        new_state.outputs[path] = (st.st_mtime_ns, st.st_size)
    return writer.written
