"""Prints an access token for a fuzzing principal of the demo data (see api/src/seed).

    python3 tests/fuzz/principal.py BASE_URL member|admin [TOKEN]

`member` is a member of Kirklees Council; `admin` is an admin of Kirklees Council, who has the
demo authenticator app and signs in through the second step. Both sign in through the API, so
this also proves the demo accounts work. With TOKEN (the admin's), the token steps up instead:
a new one that used the second factor just now, as actions on money and authority need.
"""

import json
import os
import sys
import urllib.error
import urllib.request

import totp

DEMO_PASSWORD = "cc2i demo password"
PRINCIPALS = {
    "member": "amy.walsh@kirklees.example",
    "admin": "david.holroyd@kirklees.example",
}


# The signed device cookie the service gives after a sign-in, kept in this file between the
# sign-in and the step-up: a known device is not refused by the per-address sign-in limit that
# the anonymous run's wrong passwords trigger from this address.
DEVICE_FILE = os.environ.get("CC2I_FUZZ_DEVICE_FILE")


def call(method, path, token=None, body=None, expect=(200, 201)):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if DEVICE_FILE and os.path.exists(DEVICE_FILE):
        with open(DEVICE_FILE, encoding="utf-8") as kept:
            headers["Cookie"] = f"cc2i_device={kept.read().strip()}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text, answer = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, text, answer = error.code, error.read(), error.headers
    for cookie in answer.get_all("Set-Cookie") or []:
        if DEVICE_FILE and cookie.startswith("cc2i_device="):
            with open(DEVICE_FILE, "w", encoding="utf-8") as kept:
                kept.write(cookie.split(";", 1)[0].split("=", 1)[1])
    if status not in expect:
        raise SystemExit(f"principal: {method} {path} answered {status}: {text[:300]!r}")
    return json.loads(text) if text else None


def main() -> None:
    global BASE
    BASE, principal = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        print(totp.step_up(call, sys.argv[3]))
        return
    print(totp.sign_in(call, PRINCIPALS[principal], DEMO_PASSWORD))


BASE = ""

if __name__ == "__main__":
    main()
