"""Content: reading and validating `content/` and `site_config/` into the model.

Front matter, the rules a snapshot must follow, document types, the frozen model, git
provenance, and atomic file writes. The bottom stage: it imports nothing else of PolicyWatch.
"""
