"""messages tables."""
