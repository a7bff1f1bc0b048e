"""The home page's top tasks (`tasks:` in content/_index.md): the few pages most residents come
for, shown as large links at the top of the home page.

Indexed with the lines they were written on, checked by the link check like a link in the
text (a page that does not exist, a heading that is not there, a draft), and given to the
renderer as the pages they lead to.
"""

from __future__ import annotations

from .markdown import Link
from .model import HomeTask, Page, SiteIndex


def index_tasks(pages: dict[str, Page]) -> tuple[HomeTask, ...]:
    """The home page's tasks, each with its line in content/_index.md."""
    home = pages.get("/")
    if home is None or home.source is None or not home.meta.tasks:
        return ()
    front = home.source.front
    found = []
    for i, task in enumerate(home.meta.tasks):
        # The YAML node tree is gone for a page the build cache kept: then the key's line.
        line = front.line_at(("tasks", i)) if front.node is not None else front.line("tasks")
        path, _, fragment = task.link.partition("#")
        path = path.partition("?")[0]
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            path += "/"
        found.append(HomeTask(line, task.link, path, fragment, task.text))
    return tuple(found)


def task_links(index: SiteIndex) -> list[Link]:
    """The tasks as links for the link check, which says what is wrong with each and where."""
    home = index.pages.get("/")
    if home is None or home.source is None:
        return []
    path = str(home.source.path)
    return [Link(path, t.line, t.href, t.target, t.fragment) for t in index.tasks]


def task_page(index: SiteIndex, task: HomeTask) -> Page | None:
    """The page a task leads to, following an old address (`aliases`) to its page."""
    url = index.aliases.get(task.target, task.target)
    return index.pages.get(url)
