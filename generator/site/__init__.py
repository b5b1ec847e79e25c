"""Site: everything that becomes a page or a published file.

Each page family's Markdown, cards, charts and widgets, diff and evidence HTML, safe HTML,
feeds, the JSON export, full texts, the site map (urls) and publishing. Imports
`generator.content` and `generator.analysis`; never MkDocs (the plugin adapts it).
"""
