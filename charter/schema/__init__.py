"""The shape of every file in an organisation folder, as pydantic models."""
