-- Run once by the postgres image when its data volume is first initialised (/docker-entrypoint-initdb.d).
-- One database per service, named as devstack names them: kinoclub_<service name without "_api">.
-- docker/prestart.py also creates a missing one, so a volume made before a service was added still works.
CREATE DATABASE kinoclub_auth;
CREATE DATABASE kinoclub_ugc;
CREATE DATABASE kinoclub_movie;
CREATE DATABASE kinoclub_booking;
CREATE DATABASE kinoclub_url_shortener;
CREATE DATABASE kinoclub_notification;
