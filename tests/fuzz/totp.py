"""Second factors for the fuzzing principals: RFC 6238 codes worked out here (on hmac, not
the service's code), the demo data's authenticator-app secret, and signing in through the
second step.

Demo owners and admins of verified organisations, and platform staff, must have an
authenticator app (api/src/auth/factors.rs); the demo data gives them DEMO_TOTP_SECRET.
"""

import base64
import hashlib
import hmac
import struct
import time

DEMO_TOTP_SECRET = "CC2IDEMOCC2IDEMOCC2IDEMOCC2IDEMO"

# The newest step used per secret: a code works once.
_last_step: dict[str, int] = {}


def code(secret: str) -> str:
    """The next unused code of `secret` (one step either side of now is accepted)."""
    now_step = int(time.time()) // 30
    step = max(now_step - 1, _last_step.get(secret, -1) + 1)
    if step > now_step + 1:
        time.sleep((step - 1) * 30 - time.time() + 0.1)
    _last_step[secret] = step
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


def sign_in(call, email: str, password: str, secret: str = DEMO_TOTP_SECRET) -> str:
    """An access token for `email`, through the second step when the account asks for one.
    `call(method, path, token=None, body=None, expect=...)` sends a request."""
    first = call("POST", "/api/v1/auth/login", body={"email": email, "password": password}, expect=(200, 401))
    if "access_token" in first:
        return first["access_token"]
    assert first.get("code") == "mfa_required", first
    body = {"mfa_token": first["mfa_token"], "code": code(secret)}
    return call("POST", "/api/v1/auth/login/mfa", body=body)["access_token"]


def enrol(call, token: str) -> str:
    """Adds an authenticator app to the account of `token`; returns its secret."""
    secret = call("POST", "/api/v1/me/mfa/totp", token, body={})["secret"]
    call("POST", "/api/v1/me/mfa/totp/confirm", token, body={"code": code(secret)})
    return secret


def step_up(call, token: str, secret: str = DEMO_TOTP_SECRET) -> str:
    """A new token for the same person that stepped up now."""
    return call("POST", "/api/v1/auth/step-up", token, body={"code": code(secret)})["access_token"]
