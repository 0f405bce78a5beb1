"""Channel subscriptions: the record of who subscribes to a channel (not the payment)."""
