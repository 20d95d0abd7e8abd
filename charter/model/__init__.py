"""The organisation as one resolved graph, its flows, and the facts derived from it once."""
