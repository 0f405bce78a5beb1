"""Pure domain and use cases. Imports only the standard library and ``streamz.ports``."""
