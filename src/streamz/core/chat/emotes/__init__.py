"""Chat emotes: a channel's images used in chat by their code, some for subscribers only."""
