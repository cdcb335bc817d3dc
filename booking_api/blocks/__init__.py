"""A host's blocked people: they cannot book, request or wait for that host's evenings."""
