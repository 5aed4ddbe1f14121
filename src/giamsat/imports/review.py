"""Turn the review form's fields back into a proposal for `import_commit`.

Field names: doc-<field>; agency-<i>-phrase / agency-<i>-choice ("org:ID", "group:ID", "new", "");
task-<i>-<field> with task-<i>-include; target-<i>-include; rule-<i>-include; new-task-* for an added task.
"""

import copy


def _choice(value: str, phrase: str) -> dict:
    if value.startswith("org:"):
        return {"kind": "organization", "id": int(value[4:])}
    if value.startswith("group:"):
        return {"kind": "group", "id": int(value[6:])}
    if value == "new":
        return {"kind": "new", "name": phrase}
    return {"kind": None, "id": None}


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.replace("\n", ";").split(";") if p.strip()]


def proposal_from_post(original: dict, post) -> dict:
    proposal = copy.deepcopy(original)
    doc = proposal.setdefault("document", {})
    for field in ("type", "number", "date", "issuer", "place", "title"):
        if f"doc-{field}" in post:
            doc[field] = post.get(f"doc-{field}", "").strip() or None
    agencies = {}
    i = 0
    while f"agency-{i}-phrase" in post:
        phrase = post[f"agency-{i}-phrase"]
        agencies[phrase] = _choice(post.get(f"agency-{i}-choice", ""), phrase)
        i += 1
    if agencies:
        proposal["agencies"] = agencies
    for i, task in enumerate(proposal.get("tasks", [])):
        if f"task-{i}-name" not in post:
            continue
        task["include"] = post.get(f"task-{i}-include") == "on"
        task["no"] = post.get(f"task-{i}-no", task.get("no", ""))
        task["name"] = post.get(f"task-{i}-name", "").strip()
        task["deadline_text"] = post.get(f"task-{i}-deadline_text", "").strip()
        task["lead"] = _split(post.get(f"task-{i}-lead", ""))
        task["coordinators"] = _split(post.get(f"task-{i}-coordinators", ""))
    if post.get("new-task-name", "").strip():
        new = {
            "include": True, "no": post.get("new-task-no", ""), "name": post["new-task-name"].strip(),
            "deadline_text": post.get("new-task-deadline_text", ""), "lead": _split(post.get("new-task-lead", "")),
            "coordinators": _split(post.get("new-task-coordinators", "")), "source": "manual",
        }
        proposal.setdefault("tasks", []).append(new)
        for phrase in new["lead"] + new["coordinators"]:
            proposal.setdefault("agencies", {}).setdefault(phrase, {"kind": None, "id": None})
    for key, prefix in (("targets", "target"), ("reporting", "rule"), ("references", "ref")):
        for i, item in enumerate(proposal.get(key, [])):
            if f"{prefix}-{i}-seen" in post:
                item["include"] = post.get(f"{prefix}-{i}-include") == "on"
    return proposal
