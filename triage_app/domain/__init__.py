"""Typed values and vocabularies; imports nothing else of the application."""
