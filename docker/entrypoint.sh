#!/bin/sh
# Start one Kinoclub service in its container (SERVICE comes from the image: Dockerfile ARG SERVICE).
# 1. docker/prestart.py: create the service's database if missing, apply its migrations, load its
#    bootstrap data (reference data always, demo data unless DEMO=false). Each step is idempotent.
# 2. uvicorn on port 8000: docker-compose.yml points nginx, the other services and the healthcheck there.
set -eu

: "${SERVICE:?SERVICE is not set: build the image with --build-arg SERVICE=<package>}"

python /app/docker/prestart.py "$SERVICE"

# As many workers as devstack runs for this service (devstack/services.py), unless WORKERS says otherwise.
WORKERS="${WORKERS:-$(python /app/docker/prestart.py --workers "$SERVICE")}"

exec uvicorn "${SERVICE}.main:create_app" --factory \
    --host 0.0.0.0 --port 8000 \
    --proxy-headers --forwarded-allow-ips '*' \
    --no-access-log \
    --timeout-graceful-shutdown 5 \
    --workers "$WORKERS" \
    "$@"
