"""social tables."""
