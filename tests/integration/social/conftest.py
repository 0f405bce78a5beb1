from tests.integration.test_cli import env

__all__ = ["env"]
