"""Tested helpers for the clustering notebooks."""
