"""Public browsing: screenings, films and hosts as anyone finds them, with host scores. A read model
over every domain below it (events, bookings for address privacy, ratings for scores), cached in Redis."""
