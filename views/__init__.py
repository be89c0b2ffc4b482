"""Blueprints: thin views that parse, call domain/, and render."""
