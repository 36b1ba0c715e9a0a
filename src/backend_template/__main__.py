"""``python -m backend_template``: the same command as ``backend-template``."""

import sys

from backend_template.cli import main

sys.exit(main())
