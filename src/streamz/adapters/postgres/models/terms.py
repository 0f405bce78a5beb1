"""terms tables."""
