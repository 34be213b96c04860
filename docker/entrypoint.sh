#!/bin/sh
# One image, three roles: `web` (migrate, then gunicorn), `worker`, `beat`; anything else runs as is.
set -e
case "$1" in
  web)
    python manage.py migrate --no-input
    exec gunicorn ito_portal.wsgi:application \
      --bind 0.0.0.0:8000 \
      --workers "${WEB_CONCURRENCY:-3}" \
      --threads "${WEB_THREADS:-4}" \
      --access-logfile - \
      --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}"
    ;;
  worker)
    exec celery -A ito_portal worker --loglevel=INFO \
      --queues="${CELERY_QUEUES:-default,reports,sla}" --concurrency="${CELERY_CONCURRENCY:-4}"
    ;;
  beat)
    exec celery -A ito_portal beat --loglevel=INFO
    ;;
  *)
    exec "$@"
    ;;
esac
