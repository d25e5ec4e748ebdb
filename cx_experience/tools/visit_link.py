"""The customer's link to their visit page: a long random token that expires."""

import secrets
from datetime import timedelta

#: days a visit page stays open after the car is delivered (company setting default)
VISIT_LINK_DAYS = 30

#: bytes of randomness of a token (43 URL-safe characters)
TOKEN_BYTES = 32


def new_token():
    """A new unguessable token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def expires_at(delivered_at, days):
    """When the link of a visit delivered at ``delivered_at`` stops working; None
    while the car is not delivered."""
    if not delivered_at:
        return None
    return delivered_at + timedelta(days=max(int(days or 0), 0))


def is_expired(delivered_at, days, now):
    """True once the link of a visit delivered at ``delivered_at`` has expired."""
    end = expires_at(delivered_at, days)
    return bool(end and now >= end)
