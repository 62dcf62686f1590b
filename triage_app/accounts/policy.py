"""The sign-in policy: how many failures lock an account, for how long, and password rules.

A plain value built once with the configuration and passed to the services, so tests can
use their own (a cheaper hash, a shorter lockout) without patching anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class AccountPolicy:
    """Lockout and password settings; the defaults are the service's."""

    #: Consecutive wrong passwords that lock an account.
    max_failures: int = 5
    #: How long a locked account stays locked.
    lockout: timedelta = timedelta(minutes=15)
    #: Shortest password a member of staff may choose.
    min_password_length: int = 10
    #: scrypt cost (a power of two): 2**15 with r=8 uses 32 MiB and about 0.1 s per check,
    #: which makes guessing a stolen hash slow while a sign-in still feels instant.
    scrypt_n: int = 2**15
    scrypt_r: int = 8
    scrypt_p: int = 1
