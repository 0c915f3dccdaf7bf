"""TODO query."""
