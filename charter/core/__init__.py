"""The basics every stage shares: the one problem value, the fixed codes, "did you mean", and progress on long work."""
