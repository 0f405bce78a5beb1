"""Blocked terms of a chatroom: what a channel refuses in chat, and how messages are matched."""
