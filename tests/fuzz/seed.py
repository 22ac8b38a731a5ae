"""Creates, through the real API, resources the fuzzing principals can act on, and writes the
schemathesis configuration that feeds their ids to the operations that start OpenAPI link chains.

    python3 tests/fuzz/seed.py BASE_URL OUT_DIR

Random data seldom gets a 201 from a create operation (it needs a real idea id, the caller's
organisation, a deadline in the next two years...), so without this the stateful phase never
follows a link. For each principal (`member`, `admin`: both of Kirklees Council, see
principal.py) it writes OUT_DIR/<principal>.toml: dictionaries of real values, and per-operation
bindings that use them for most generated cases (`probability` < 1, so the rest stay random and
still probe unknown ids). The bindings apply in every phase; links supply their own values.

Each principal gets its own open ideas to pledge on: an organisation has one live pledge per
idea, so pledges made while fuzzing would otherwise use up the ideas before the stateful phase.
"""

import datetime
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

import totp

DEMO_PASSWORD = "cc2i demo password"
# The platform admin fuzz.sh starts the server with (CC2I_ADMIN_EMAIL / CC2I_ADMIN_PASSWORD).
PLATFORM_ADMIN = ("fuzz-admin@cc2i.test", "fuzz admin password")
KIRKLEES_MEMBER = "amy.walsh@kirklees.example"
KIRKLEES_OWNER = "priya.shah@kirklees.example"
OTHER_PROPOSER = "ellie.marsh@bristol.example"
# Demo users outside Kirklees Council, whom a Kirklees admin may add as members.
OUTSIDERS = [
    "tom.gallagher@manchester.example",
    "nadia.rahman@manchester.example",
    "gareth.pryce@essex.example",
    "rhys.evans@cardiff.example",
]
# Owners of two other verified organisations, who fund an idea of Kirklees Council.
FUNDERS = ["tom.gallagher@manchester.example", "ellie.marsh@bristol.example"]
PRINCIPALS = ["member", "admin"]
# Open ideas (of another organisation) each principal may pledge on.
OPEN_IDEAS_EACH = 12
# How often a bound parameter takes a real value rather than a generated one.
PROBABILITY = 0.9
CASE_FIELDS = ["stage", "strategic", "economic", "commercial", "financial", "management", "terms"]


class Api:
    def __init__(self, base: str) -> None:
        self.base = base

    def call(self, method, path, token=None, body=None, expect=(200, 201), headers=None):
        headers = {"Content-Type": "application/json", **(headers or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, text = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        if status not in expect:
            raise SystemExit(f"seed: {method} {path} answered {status}: {text[:500]!r}")
        return json.loads(text) if text else None

    def login(self, email: str, password: str = DEMO_PASSWORD) -> str:
        """Signs in, through the second step (the demo app's code) when the account has one."""
        return totp.sign_in(self.call, email, password)

    def staff(self, email: str, password: str) -> str:
        """Signs the platform admin in and adds an authenticator app (staff must have one):
        a token that stepped up just now."""
        token = self.login(email, password)
        return totp.step_up(self.call, token, totp.enrol(self.call, token))


def open_ideas(api: Api, proposer: str, organisation: str, admin: str, case: dict, titles: list[str]):
    """Drafts, completes, submits and publishes one idea per title; returns their ids."""
    deadline = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=120)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    ids = []
    for title in titles:
        idea = api.call(
            "POST",
            "/api/v1/ideas",
            proposer,
            {
                "organisation_id": organisation,
                "title": title,
                "summary": "Seeded for contract fuzzing.",
                "description": "An idea the fuzzing principals can pledge on and ask about.",
                "service_areas": ["customer_contact"],
                "deadline": deadline,
            },
        )
        api.call("PUT", f"/api/v1/ideas/{idea['id']}/business-case", proposer, case)
        api.call("POST", f"/api/v1/ideas/{idea['id']}/submit", proposer)
        api.call("POST", f"/api/v1/ideas/{idea['id']}/publish", admin)
        ids.append(idea["id"])
    return ids


def owned(api: Api, token: str) -> str:
    """The organisation a demo owner owns."""
    memberships = api.call("GET", "/api/v1/me", token)["memberships"]
    return next(m["organisation_id"] for m in memberships if m["role"] == "owner")


def funded_idea(api: Api, proposer: str, organisation: str, admin: str, case: dict) -> str:
    """An idea of the principals' organisation that two others fund in full; closed, so funded."""
    [idea] = open_ideas(api, proposer, organisation, admin, case, ["Kirklees funded delivery"])
    for email in FUNDERS:
        funder = api.login(email)
        org = owned(api, funder)
        # High enough that the owner's own pledge is active at once, with no second approver.
        api.call("PATCH", f"/api/v1/organisations/{org}", funder, {"self_approval_limit_pence": 10**11})
        api.call(
            "POST",
            f"/api/v1/ideas/{idea}/pledges",
            funder,
            {"organisation_id": org, "share_bp": 10000 // len(FUNDERS), "business_case_version": 1},
            headers={"Idempotency-Key": f"fuzz-seed-{idea}-{org}"},
        )
    closed = api.call("POST", f"/api/v1/ideas/{idea}/close", proposer)
    if closed["status"] != "funded":
        raise SystemExit(f"seed: the funded idea closed as {closed['status']}")
    return idea


def toml_list(values) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def bind(dictionary: str) -> str:
    return f'{{ dictionary = "{dictionary}", probability = {PROBABILITY} }}'


def config(dictionaries: dict[str, list], operations: dict[str, dict[str, str]]) -> str:
    lines = ["", "# Generated by tests/fuzz/seed.py for this run: real ids from the seeded data.", ""]
    for name, values in dictionaries.items():
        lines += [f"[dictionaries.{name}]", f"values = {toml_list(values)}", ""]
    for operation, parameters in operations.items():
        lines += ["[[operations]]", f'include-operation-id = "{operation}"', "[operations.parameters]"]
        lines += [f'"{key}" = {bind(dictionary)}' for key, dictionary in parameters.items()]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    api = Api(sys.argv[1])
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    admin = api.staff(*PLATFORM_ADMIN)
    member = api.login(KIRKLEES_MEMBER)
    kirklees = next(
        m["organisation_id"]
        for m in api.call("GET", "/api/v1/me", member)["memberships"]
        if m["organisation_name"] == "Kirklees Council"
    )
    other = api.login(OTHER_PROPOSER)
    other_org = owned(api, other)
    owner = api.login(KIRKLEES_OWNER)
    # A complete business case to reuse: the first open demo idea's.
    first = api.call("GET", "/api/v1/ideas?status=open")["items"][0]["id"]
    stored = api.call("GET", f"/api/v1/ideas/{first}/business-case")
    case = {field: stored[field] for field in CASE_FIELDS}
    # Kirklees' own open idea: its members may add requirements and answer questions on it.
    own = open_ideas(api, owner, kirklees, admin, case, ["Kirklees shared requirements backlog"])
    # Funded: its owners and admins plan milestones on it.
    funded = funded_idea(api, owner, kirklees, admin, case)

    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    deadlines = [
        (now + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ") for days in (30, 90, 365)
    ]
    due_dates = [(now + datetime.timedelta(days=days)).strftime("%Y-%m-%d") for days in (60, 200)]
    for index, principal in enumerate(PRINCIPALS):
        titles = [f"Shared service {principal} {n + 1:02d}" for n in range(OPEN_IDEAS_EACH)]
        pledgeable = open_ideas(api, other, other_org, admin, case, titles)
        dictionaries = {
            "organisation": [kirklees],
            "deadline": deadlines,
            "open_idea": pledgeable,
            "own_open_idea": own,
            "funded_idea": [funded],
            "due_date": due_dates,
            # Milestones' shares of the build cost sum to at most 10000 bp: zero never runs out.
            "payment_bp": [0],
            "case_version": [1],
            "outsider": OUTSIDERS,
            # Fresh org-id.guide identifiers (Companies House numbers), distinct per principal.
            "identifier": [f"GB-COH-{index + 1}{n:07d}" for n in range(60)],
            # fuzz.sh runs the server with CC2I_WEBHOOK_ALLOW_PRIVATE=1: a loopback port nothing serves.
            "webhook_url": ["https://127.0.0.1:9/cc2i/events"],
        }
        operations = {
            "create_idea": {"body.organisation_id": "organisation", "body.deadline": "deadline"},
            "create_pledge": {
                "path.id": "open_idea",
                "body.organisation_id": "organisation",
                "body.business_case_version": "case_version",
            },
            "ask_question": {"path.id": "open_idea", "body.organisation_id": "organisation"},
            "create_requirement": {
                "path.id": "own_open_idea",
                "body.organisation_id": "organisation",
            },
            "create_milestone": {
                "path.id": "funded_idea",
                "body.due_date": "due_date",
                "body.payment_bp": "payment_bp",
            },
            "create_organisation": {"body.identifier": "identifier"},
            "create_api_key": {"path.id": "organisation"},
            "create_webhook": {"path.id": "organisation", "body.url": "webhook_url"},
            "add_member": {"path.id": "organisation", "body.email": "outsider"},
        }
        (out / f"{principal}.toml").write_text(config(dictionaries, operations))


if __name__ == "__main__":
    main()
