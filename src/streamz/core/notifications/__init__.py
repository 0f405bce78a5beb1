"""Notifications: the notifications context's domain and use cases."""
