"""Entry point: ``python -m generator generate ...`` (see generator.cli)."""

import sys

from generator.cli import main

sys.exit(main())
