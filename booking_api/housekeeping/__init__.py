"""Time-driven work of the booking service: what happens because time passed, not because someone
asked (ended evenings announced, ratings revealed when their window closes, share links made late,
old idempotency keys forgotten). It runs in every booking worker; rows are claimed with SKIP LOCKED, so
any number of workers may run it at once without doing anything twice."""
