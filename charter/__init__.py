"""Charter: write down how an organisation collaborates, check it, and publish it."""

__version__ = "0.1.0"
