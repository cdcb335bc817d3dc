-- Dev only. One role per service, owner of its own database and of nothing else; no one else may connect to it.
CREATE ROLE auth_api LOGIN PASSWORD 'dev-db-auth_api';
CREATE DATABASE kinoclub_auth OWNER auth_api;
REVOKE ALL ON DATABASE kinoclub_auth FROM PUBLIC;
CREATE ROLE ugc_api LOGIN PASSWORD 'dev-db-ugc_api';
CREATE DATABASE kinoclub_ugc OWNER ugc_api;
REVOKE ALL ON DATABASE kinoclub_ugc FROM PUBLIC;
CREATE ROLE movie_api LOGIN PASSWORD 'dev-db-movie_api';
CREATE DATABASE kinoclub_movie OWNER movie_api;
REVOKE ALL ON DATABASE kinoclub_movie FROM PUBLIC;
CREATE ROLE booking_api LOGIN PASSWORD 'dev-db-booking_api';
CREATE DATABASE kinoclub_booking OWNER booking_api;
REVOKE ALL ON DATABASE kinoclub_booking FROM PUBLIC;
CREATE ROLE url_shortener LOGIN PASSWORD 'dev-db-url_shortener';
CREATE DATABASE kinoclub_url_shortener OWNER url_shortener;
REVOKE ALL ON DATABASE kinoclub_url_shortener FROM PUBLIC;
CREATE ROLE notification LOGIN PASSWORD 'dev-db-notification';
CREATE DATABASE kinoclub_notification OWNER notification;
REVOKE ALL ON DATABASE kinoclub_notification FROM PUBLIC;
