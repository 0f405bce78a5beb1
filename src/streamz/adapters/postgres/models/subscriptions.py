"""subscriptions tables."""
