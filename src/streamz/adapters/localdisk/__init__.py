"""Objects as files under ``<STREAMZ_DATA_DIR>/media`` (the embedded default)."""
