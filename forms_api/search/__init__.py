"""Site search: an SQLite FTS5 index of the site's content, and the ranked answer to a query.

The index is built from `FORMS_CONTENT_DIR` through the builder's own read path (load, index,
Markdown to text), never a second parser. One engine and one ranking serve both the plain
results page and the as-you-type fragment.

The seam between the engine and the web layer is `results.py`:

    index = build_index(api_site, db_path)   # or SearchIndex(db_path) to open a built one
    index.search(Query(...)) -> Results
    index.is_stale() -> bool                 # the content changed since: build again

and the web layer (routes, templates, the query log) only ever sees those dataclasses.

Modules, one job each: `text` (a page as sections of plain text), `analysis` (words, stems,
folding, compounds), `tuning` (synonyms, best bets, words to ignore), `matching` (a query as
safe FTS5 MATCH text), `index` (building the file), `engine` (ranking, facets, paging),
`hits` (a hit dressed: marked passage, deep link), `snippets` (the passage and the section), `vocabulary` ("Menade du …?").
"""

from .engine import SearchIndex
from .index import build_index, fingerprint
from .results import Crumb, Facet, Hit, Query, Results

__all__ = ["Crumb", "Facet", "Hit", "Query", "Results", "SearchIndex", "build_index", "fingerprint"]
