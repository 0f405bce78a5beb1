"""Channel content: panels and social links, ordered, with per-channel limits."""
