"""Scoring newsledger's extraction against annotated corpora (pure functions, no CLI)."""
