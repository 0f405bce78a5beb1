"""bans tables."""
