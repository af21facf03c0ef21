"""The model shipped with coqi.text (data only)."""
