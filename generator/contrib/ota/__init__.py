"""Open Terms Archive import: a dataset folder or a versions repository, one shared writer."""
