"""Where a webhook may go: public addresses only, unless the deployment allows its LAN.

A host name is resolved once; every address it resolves to must be public (one private
answer refuses the lot, so a DNS answer cannot smuggle one in), and the request then
connects to that checked address — not to a second resolution that might differ.
IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`,
6to4 `2002::/16`, the deprecated compatible `::a.b.c.d`) are judged by that address.
"""

import ipaddress
import socket
from collections.abc import Callable

from app.core.i18n import N_

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

# Besides what `ipaddress` calls private, loopback, link-local, multicast, reserved and
# unspecified: CGNAT, the cloud metadata addresses, benchmarking, documentation.
_BLOCKED_V4 = [
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "255.255.255.255/32",
    )
]
_BLOCKED_V6 = [
    ipaddress.ip_network(network)
    for network in (
        "::/128",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
        "100::/64",
        "2001:db8::/32",
        "fd00:ec2::254/128",
    )
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")


class RefusedAddress(Exception):
    """The destination is not allowed (an English template, translated when shown)."""

    def __init__(self, template: str, **params: str) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    number = int(address)
    if address in _NAT64 or (number >> 32 == 0 and number > 1):
        return ipaddress.IPv4Address(number & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    return None


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            return is_public(inner)
        if address.scope_id or any(address in network for network in _BLOCKED_V6):
            return False
        return address.is_global
    if any(address in network for network in _BLOCKED_V4):
        return False
    return address.is_global


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def checked_address(
    host: str, port: int, *, allow_private: bool, resolve: Resolver = system_resolver
) -> str:
    """The address to connect to for `host`, or `RefusedAddress`."""
    try:
        literal: IPAddress | None = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        candidates = [literal]
    else:
        try:
            candidates = [ipaddress.ip_address(a.split("%")[0]) for a in resolve(host, port)]
        except (OSError, UnicodeError, ValueError):
            raise RefusedAddress(N_("The host {host} could not be resolved."), host=host) from None
        if not candidates:
            raise RefusedAddress(N_("The host {host} could not be resolved."), host=host)
    if not allow_private:
        for candidate in candidates:
            if not is_public(candidate):
                raise RefusedAddress(
                    N_("{host} resolves to {address}, which is not a public address."),
                    host=host,
                    address=str(candidate),
                )
    return str(candidates[0])
