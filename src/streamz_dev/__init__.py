"""Development-only servers and fakes: the local PostgreSQL, Redis and Typesense
(``streamz_dev.localservices``, behind ``streamzctl dev`` and ``streamzctl services``), the
fake FCM (``streamz_dev.fcm``) and the fake Livepeer Studio (``streamz_dev.livepeer``).

A source checkout has this package next to ``streamz``; the product wheel does not carry it.
It may import ``streamz``; ``streamz`` imports it only lazily, in
``streamz.entrypoints.bootstrap`` (an import-linter contract holds the rest to that).
"""
