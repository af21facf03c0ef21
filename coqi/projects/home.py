"""The projects menu item and home-page next steps (registered from apps.py)."""
