"""Prometheus: the metrics Streamz defines (``metrics``), the scrape-time probes, the
multiprocess mode of ``streamzctl serve`` and the worker's own ``/metrics`` endpoint."""
