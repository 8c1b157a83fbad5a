"""Agencies' personal report links: signed (HMAC-SHA256) over the agency code, the expiry day and a nonce.

A token reads `<agency>.<expires YYYYMMDD>.<nonce>.<signature>`; nothing about it is stored, so a link
made at dispatch time needs no row anywhere, and only the holder of the secret can make one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from urllib.parse import quote

_SEP = "."


@dataclass(frozen=True)
class LinkGrant:
    """What a valid token allows: reporting for one agency until a day."""

    agency: str
    expires: date
    nonce: str
    token: str


@dataclass(frozen=True)
class LinkRefusal:
    reason: Literal["invalid", "expired"]


def _signature(secret: bytes, message: str) -> str:
    return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()[:40]


def make_token(secret: bytes, agency: str, expires: date, nonce: str | None = None) -> str:
    nonce = nonce or secrets.token_urlsafe(9).replace(_SEP, "_")
    message = _SEP.join([agency, expires.strftime("%Y%m%d"), nonce])
    return f"{message}{_SEP}{_signature(secret, message)}"


def read_token(secret: bytes, token: str, today: date) -> LinkGrant | LinkRefusal:
    """The grant a token carries, or why it is refused (a forged or altered one is 'invalid')."""
    parts = token.split(_SEP)
    if len(parts) != 4:
        return LinkRefusal("invalid")
    agency, expires_text, nonce, signature = parts
    expected = _signature(secret, _SEP.join([agency, expires_text, nonce]))
    if not hmac.compare_digest(expected, signature):
        return LinkRefusal("invalid")
    try:
        expires = datetime.strptime(expires_text, "%Y%m%d").date()
    except ValueError:
        return LinkRefusal("invalid")
    if today > expires:
        return LinkRefusal("expired")
    return LinkGrant(agency, expires, nonce, token)


def form_token(secret: bytes, link_token: str) -> str:
    """The anti-forgery token of the forms opened through one link (only the link's holder can see it)."""
    return _signature(secret, "csrf" + _SEP + link_token)


def check_form_token(secret: bytes, link_token: str, value: str) -> bool:
    return hmac.compare_digest(form_token(secret, link_token), value or "")


class LinkMaker:
    """Makes each agency's link for a day of sending: valid `days` days from that day."""

    def __init__(self, secret: bytes, public_url: str, days: int):
        self.secret, self.public_url, self.days = secret, public_url.rstrip("/"), days

    def __call__(self, agency: str, day: date) -> str:
        token = make_token(self.secret, agency, day + timedelta(days=self.days))
        return f"{self.public_url}/bao-cao/{quote(token)}"
