"""Livepeer Studio over its REST API (httpx), and the SAQ jobs of the streams context."""
