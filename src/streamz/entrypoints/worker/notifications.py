"""The notifications context's worker jobs: functions and cron jobs the worker registers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from saq import CronJob

FUNCTIONS: list[Callable[..., Any]] = []
CRON_JOBS: list[CronJob[Any]] = []
