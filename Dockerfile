# ITO Portal: one image for the web, worker and beat processes (see docker-compose.yml).
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

WORKDIR /app
# Headless Chromium prints the PDF reports; the CJK fonts make the Chinese in them readable.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system portal && useradd --system --gid portal --home /app portal

COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir -r requirements/base.txt

COPY . .
# Translations and hashed static files are built into the image (no secret is baked in).
RUN SECRET_KEY=build-only-not-secret python manage.py compile_translations \
 && SECRET_KEY=build-only-not-secret python manage.py collectstatic --no-input -v0 \
 && mkdir -p /app/var /app/media \
 && chown -R portal:portal /app/var /app/media

USER portal
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
