"""Entry point: ``python -m generator generate ...`` (see generator.cli)."""

import sys

from generator.cli import main, one_shot_process

one_shot_process()
sys.exit(main())
