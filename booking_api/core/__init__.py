"""The shared kernel of the booking service: what every domain may use (rules, scores, cache keys,
idempotency, the unit-of-work contract). It imports no domain."""
