# One image per Kinoclub service, from one parametrised Dockerfile:
#   docker build --build-arg SERVICE=booking_api -t kinoclub/booking_api .
# docker-compose.yml builds all seven (auth_api, ugc_api, movie_api, booking_api, url_shortener, notification,
# web); booking_relay and notification_worker reuse the booking_api and notification images.
# The container runs docker/entrypoint.sh: database + migrations + bootstrap data, then uvicorn on port 8000.
FROM python:3.11.10-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN groupadd --system --gid 10001 kinoclub \
    && useradd --system --uid 10001 --gid kinoclub --home-dir /app --shell /usr/sbin/nologin kinoclub

WORKDIR /src

# Dependencies first, in their own layer: it is rebuilt only when pyproject.toml or constraints.txt change,
# and it is the same layer for all seven service images.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself, installed (not editable) into site-packages; the source copy is removed so that
# nothing imports from a working directory.
COPY . /src
RUN pip install --no-cache-dir -c constraints.txt . \
    && cd / && rm -rf /src

WORKDIR /app
COPY docker/entrypoint.sh docker/prestart.py /app/docker/
RUN chmod 0755 /app/docker/entrypoint.sh \
    && mkdir -p /data \
    && chown kinoclub:kinoclub /data

# Which service this image runs (the package name, as in devstack/services.py).
ARG SERVICE
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=<package>, e.g. booking_api" >&2; exit 1; } \
    && python -c "import importlib.util, sys; name = sys.argv[1]; sys.exit(0 if importlib.util.find_spec(name + '.main') else 'no module ' + name + '.main')" "${SERVICE}"
ENV SERVICE=${SERVICE} \
    DATA_DIR=/data

USER kinoclub
EXPOSE 8000
ENTRYPOINT ["sh", "/app/docker/entrypoint.sh"]
