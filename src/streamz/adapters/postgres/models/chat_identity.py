"""chat_identity tables."""
