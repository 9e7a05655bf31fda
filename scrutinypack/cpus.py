"""How many processes this machine gives the work that runs in parallel."""

from __future__ import annotations

import os


def cpus() -> int:
    """The CPUs this process may run on (fewer than the machine has, in a container that is
    given only some), at least one."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity to ask
        return os.cpu_count() or 1
