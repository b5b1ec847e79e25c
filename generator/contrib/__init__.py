"""Contributor tools: what contributors and maintainers run from the command line.

`add`, HTML to Markdown, the Open Terms Archive import (`contrib.ota`), `check`, the pull
request summary and the terminal diff. May use content, analysis and site; nothing in those
imports it.
"""
