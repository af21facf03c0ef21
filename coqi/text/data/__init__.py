"""Word lists and the framework file used by coqi.text (data only)."""
