"""Hosts' meeting places."""
