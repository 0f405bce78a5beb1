"""gateway tables."""
