# Production image for the emulation portal: gunicorn (web) and celery (worker) share it.
# See docs/deployment.md; docker-compose.yml runs it together with PostgreSQL and Redis.
FROM python:3.11-slim-bookworm

# System libraries WeasyPrint loads at run time (Pango, HarfBuzz) and fonts with Vietnamese
# glyphs. libharfbuzz-subset0 lets WeasyPrint subset fonts in C (a seed-size report: 0.8 s
# instead of 3.2 s with its fontTools fallback).
# postgresql-client: pg_dump/pg_restore for `manage.py backup`/`restore`. Bookworm ships 15, the
# major of the `db` service; pg_dump must not be older than the server (the command checks).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-liberation2 \
        fonts-croscore \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Same uv version as the Makefile, so the image resolves uv.lock exactly like `make install`.
RUN pip install --no-cache-dir --disable-pip-version-check uv==0.13.9

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    MEDIA_ROOT=/app/media \
    STATIC_ROOT=/app/staticfiles \
    PATH="/app/.venv/bin:$PATH"

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev

COPY . .

# Only for collectstatic/compile_translations at build time; never used at run time.
ARG BUILD_SECRET_KEY=build-only-not-a-real-secret
RUN DEBUG=false SECRET_KEY="$BUILD_SECRET_KEY" python manage.py compile_translations \
    && DEBUG=false SECRET_KEY="$BUILD_SECRET_KEY" python manage.py collectstatic --noinput

# Run as an unprivileged user. The code stays owned by root (read-only for the app);
# only the media directory is writable, and a new named volume inherits its owner.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app \
    && mkdir -p /app/media \
    && chown app:app /app/media
USER app

# Safe default if the container is started without an env file: a missing SECRET_KEY then
# stops it instead of running with DEBUG on.
ENV DEBUG=false

EXPOSE 8000
CMD ["gunicorn", "emulation_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
