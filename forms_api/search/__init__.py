"""Site search: an SQLite FTS5 index of the site's content, and the ranked answer to a query.

The index is built from `FORMS_CONTENT_DIR` through the builder's own read path (load, index,
Markdown to text), never a second parser. One engine and one ranking serve both the plain
results page and the as-you-type fragment.

The seam between the engine and the web layer is `results.py`: the engine's entry point is

    engine.search(query: Query) -> Results

and the web layer (routes, templates, the query log) only ever sees those dataclasses.
"""
