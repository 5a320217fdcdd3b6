"""The visitor's own IP address, also behind a proxy such as nginx.

Behind nginx every request comes from nginx's address; the visitor's is the last one
nginx added to X-Forwarded-For (`proxy_set_header X-Forwarded-For
$proxy_add_x_forwarded_for`, deploy/nginx/loslaten-proxy.conf). Only proxies listed in
LOSLATEN_TRUSTED_PROXIES are believed: the header is read from the right, skipping each
trusted proxy, and the first address that is not one is the visitor. Whatever a visitor
put in the header themselves stands to the left of that and is never read, so nobody
can pose as another address.

Login lockouts (django-axes, AXES_CLIENT_IP_CALLABLE) and every rate limit use this.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    """Whether the address is one of the proxies in LOSLATEN_TRUSTED_PROXIES."""
    proxies = getattr(settings, "LOSLATEN_TRUSTED_PROXIES", [])
    return address is not None and any(address in network for network in proxies)


def client_ip(request: HttpRequest) -> str:
    """The address of the visitor who sent the request (REMOTE_ADDR without a trusted proxy)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted(_address(remote)):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Not written by a proxy of ours: everything from here on is the sender's word.
            return remote
        if not is_trusted(address):
            return str(address)
    # Only our own proxies all the way (someone on the proxy's machine): that machine.
    return str(_address(hops[0])) if hops else remote
