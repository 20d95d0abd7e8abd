"""Results as text, JSON and annotations: problems, import summaries, worked examples and answers."""
