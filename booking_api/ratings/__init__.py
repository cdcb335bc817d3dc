"""Ratings of hosts and guests after an evening: attendance, blind reveal, Bayesian scores, moderation."""
