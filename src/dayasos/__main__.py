"""``python -m dayasos`` runs the ``dayasos`` command."""

import sys

from dayasos.cli import main

sys.exit(main())
