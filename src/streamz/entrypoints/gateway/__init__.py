"""The realtime gateway: websocket connections of one process and the hub that feeds them.

``socket``, ``admission``, ``frames``, ``sending`` and ``routes`` are its Litestar side (the
``/ws`` route, the handshake and the frames); ``hub``, ``connection``, ``ordering`` and
``presence`` move events between Redis and connections, framework-free. See docs/realtime.md.
"""
