"""Email through Amazon SES (v2)."""
