"""SAQ (jobs on Redis): the worker's queue and the adapters that enqueue on it."""

QUEUE_NAME = "streamz"  # the worker's queue (streamz.entrypoints.worker.main)
