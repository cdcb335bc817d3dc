"""Screenings in hosts' schedules."""
