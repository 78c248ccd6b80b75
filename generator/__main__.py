"""Entry point: ``python -m generator generate ...`` (see generator.cli)."""

from generator.cli import exit_now, main, one_shot_process

one_shot_process()
exit_now(main())
