"""Writing new files for a manager: `charter new`, `charter init`, and where this charter came from."""
