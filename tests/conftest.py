"""Test configuration: hypothesis profiles.

``dev`` (default on a workstation) explores more; ``ci`` (selected automatically when the
``CI`` environment variable is set, as ``.ci/run`` does, or with ``HYPOTHESIS_PROFILE=ci``)
has no deadline and a fixed example budget so the run time on a 2-core machine is predictable.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
