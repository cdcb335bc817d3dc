"""Kinoclub Booking API: Hosts' places and schedules, and seat bookings that never oversell."""
