import socket

from celery import shared_task


@shared_task
def ping(message: str = "") -> dict:
    """Round trip through the broker; the health check and the Redis test use it."""
    return {"pong": message, "worker": socket.gethostname()}
