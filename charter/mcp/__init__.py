"""The charter for AI assistants: a Model Context Protocol server, a face like the command line."""
