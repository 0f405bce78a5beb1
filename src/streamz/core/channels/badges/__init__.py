"""Subscriber badges: one image per months-subscribed threshold per channel."""
