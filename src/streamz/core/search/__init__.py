"""Search: the search context's domain and use cases."""
