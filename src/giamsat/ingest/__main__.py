"""``python -m giamsat.ingest FILE [--json]``"""

import sys

from .cli import main

sys.exit(main())
