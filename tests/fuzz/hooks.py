"""Schemathesis hooks for tests/scripts/fuzz.sh (loaded through SCHEMATHESIS_HOOKS).

schemathesis 4.32.5 scans every string in a JSON response for same-origin links and calls
`urllib.parse.urlsplit` on those that start with `http://` or `https://`; a string such as
`http://[` (a name or title the fuzzer chose, echoed back as stored) makes `urlsplit` raise,
which aborts the whole run as an internal error. Such a string is not a link: treat it as one
that is not ours, as the function does for any other foreign URL. Nothing else is changed.
"""

import sys

from schemathesis.engine import observations

_same_origin_path = observations._same_origin_path


def _tolerant_same_origin_path(value, origin):
    try:
        return _same_origin_path(value, origin)
    except ValueError:
        print(f"hooks.py: not a URL, skipped: {value[:80]!r}", file=sys.stderr)
        return None


observations._same_origin_path = _tolerant_same_origin_path
