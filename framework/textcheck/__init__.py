"""Checking a text for unlearning-like passages: pure matching apart from the readers at the edge."""
