"""Engine: the parts of the MkDocs adapter (`generator/plugin.py`) that stand on their own.

Pages rendered outside MkDocs' own loop (`writer.py`), `mkdocs serve`'s speed-ups and pages
rendered on request (`serve.py`), and the navigation's order and names (`nav.py`). The only
modules besides the plugin that import MkDocs (or ProperDocs, which provides its modules
under MkDocs' names); they may use every stage, and no stage imports them.
"""
