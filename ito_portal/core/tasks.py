"""Infrastructure tasks any app may enqueue (sending mail); no business rules here."""

import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_email_task(*, subject: str, body: str, to: list[str], html: str | None = None) -> None:
    """Send one message already rendered in its recipient's language; retried on SMTP errors."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    logger.info("mail sent", extra={"subject": subject, "recipients": len(to)})
