"""HTTP of subscriber badges: list, upload, delete."""
