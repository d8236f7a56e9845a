# The bot as the end-to-end test runs it: `python -m bot` from the project folder (polling by default,
# BOT_MODE=webhook for replicas). Locales, surveys, seeds and migrations are read from /app.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Voice versions of announcements: eSpeak NG (with its Russian voice) and the Opus encoder, both offline.
RUN apt-get update \
    && apt-get install -y --no-install-recommends espeak-ng opus-tools \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
RUN useradd --create-home --uid 10001 vmeste

COPY pyproject.toml README.md alembic.ini ./
COPY bot ./bot
COPY db ./db
COPY handlers ./handlers
COPY services ./services
COPY locales ./locales
COPY surveys ./surveys
COPY seeds ./seeds
RUN pip install -e . && mkdir -p /app/data && chown vmeste /app/data

USER vmeste
# The SQLite database and its backups in the embedded mode (a volume keeps them across new images).
VOLUME ["/app/data"]
EXPOSE 8080
# /healthz of the running bot: the webhook port in webhook mode, METRICS_PORT (8090) in polling mode.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["python", "-m", "bot", "healthcheck"]
# `run` applies migrations first (replicas take turns under an advisory lock on PostgreSQL), then serves.
CMD ["python", "-m", "bot", "run"]
