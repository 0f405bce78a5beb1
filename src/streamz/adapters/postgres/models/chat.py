"""chat tables."""
