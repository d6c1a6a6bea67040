"""The search engine: a SearchQuery in, ranked hits out, over the docs.db an engine serves; nothing here speaks HTTP.

query (what was typed) → service (what to run) → dialects (the SQL) → database (the engine)
→ hits (rows as hits, with snippets). The HTTP side (web/*.py) imports from here, never the reverse.
"""
