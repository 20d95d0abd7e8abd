"""The ``charter`` command: the only place that prints and chooses exit codes."""
