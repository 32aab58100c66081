"""Veturi: the open platform of an eco-industrial park's project office."""

__version__ = "0.1.0"
