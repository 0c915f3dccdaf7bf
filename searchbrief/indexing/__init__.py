"""TODO indexing."""
