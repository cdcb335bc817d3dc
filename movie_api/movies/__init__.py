"""The film catalog: models, search and the cached read use cases."""
