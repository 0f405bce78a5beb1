"""emotes tables."""
