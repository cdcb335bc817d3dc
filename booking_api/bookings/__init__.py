"""Seat bookings."""
