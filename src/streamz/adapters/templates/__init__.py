"""Jinja2 templates of notifications (per locale) and the signed unsubscribe links."""
