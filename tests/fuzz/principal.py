"""Prints an access token for a fuzzing principal of the demo data (see api/src/seed).

    python3 tests/fuzz/principal.py BASE_URL member|admin

`member` is a member of Kirklees Council; `admin` is an admin of Kirklees Council. Both sign
in through the API, so this also proves the demo accounts work.
"""

import json
import sys
import urllib.request

DEMO_PASSWORD = "cc2i demo password"
PRINCIPALS = {
    "member": "amy.walsh@kirklees.example",
    "admin": "david.holroyd@kirklees.example",
}


def main() -> None:
    base, principal = sys.argv[1], sys.argv[2]
    body = json.dumps({"email": PRINCIPALS[principal], "password": DEMO_PASSWORD}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/auth/login",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        print(json.load(response)["access_token"])


if __name__ == "__main__":
    main()
