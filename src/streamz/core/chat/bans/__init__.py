"""Bans and timeouts of a channel's chat: who may issue and lift them, and who is banned now."""
