"""Renderers of an assessment result for people (text, Markdown); JSON is the result itself."""
