"""Allow ``python -m microneedle_care``."""

import sys

from .cli import main

sys.exit(main())
