"""Kinoclub Auth API: Users, groups, sign-in and the public keys every service verifies tokens with."""
