"""media tables."""
