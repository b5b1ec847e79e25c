"""Analysis: each version compared with the one before it, and what the change means.

Normalisation, blocks, the block-then-word diff, sentences, phrase matching, the taxonomy,
labels, metrics, announced ("upcoming + current") texts, the change walk and its cache.
Imports `generator.content` only; knows nothing of pages or HTML.
"""
