# The bot as the CI end-to-end test runs it: `python -m bot` (polling by default, BOT_MODE=webhook for replicas).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 10001 vmeste

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY db ./db
COPY handlers ./handlers
COPY services ./services
RUN pip install .

COPY alembic.ini ./
COPY locales ./locales
COPY seeds ./seeds

USER vmeste
EXPOSE 8080
# `run` applies migrations first (replicas take turns under an advisory lock on PostgreSQL), then serves.
CMD ["python", "-m", "bot", "run"]
