"""Interfaces (``typing.Protocol``) that use cases speak to, named by role."""
