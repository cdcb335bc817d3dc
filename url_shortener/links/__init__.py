"""Short links: creation, redirects, click counts."""
