"""roles tables."""
