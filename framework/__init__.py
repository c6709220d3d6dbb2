"""Unlearning Scope: what machine unlearning in generative AI can and cannot deliver."""

__version__ = "0.1.0"
