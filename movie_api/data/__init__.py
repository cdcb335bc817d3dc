"""Package data of movie_api: `films.json`, the film catalog loaded by bootstrap."""
