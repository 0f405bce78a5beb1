"""HTTP of channel subscriptions (the record): grant, end, list."""
