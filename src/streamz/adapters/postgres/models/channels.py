"""channels tables."""
