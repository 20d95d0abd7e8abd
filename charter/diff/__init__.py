"""charter diff: what a change does to people's responsibilities, in plain language."""
