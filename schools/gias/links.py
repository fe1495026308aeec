"""The two GIAS links downloads.

- Group links (one row per establishment in a group, with `Joined date`): for academy trusts the
  importer records which trust each school is in and when it joined.
- Establishment links (links_edubasealldataYYYYMMDD.csv: URN, LinkURN, LinkName, LinkType,
  LinkEstablishedDate): predecessor and successor schools, stored as EstablishmentLink rows, so a
  partnership can follow its school when it closes and reopens as an academy.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from schools.gias.groups import GROUP_TYPE, GROUP_TYPE_CODE, group_type
from schools.gias.parsing import (
    KEEP,
    FieldSpec,
    RowError,
    parse_date,
    parse_group_uid,
    parse_record,
    parse_urn,
    plan_for,
    text_for,
)
from schools.gias.reader import Column
from schools.gias.summary import FileSummary
from schools.gias.writes import insert_with_history, update_with_history
from schools.models import EstablishmentLink, School, Trust

if TYPE_CHECKING:
    from schools.gias.reader import GiasFile
    from schools.gias.run import ImportRun

DUPLICATE = "URN {urn} is in another academy trust on line {first_line}; this row was skipped"
NOT_STORED = "URN {urn} is not a stored school; import the establishments file first"
TRUST_NOT_STORED = "Group UID {uid} is not a stored academy trust; import the groups file first"

# ---- group links ----------------------------------------------------------------------------

GROUP_LINK_URN = Column("URN")
GROUP_LINK_UID = Column("Group UID")
JOINED = Column("Joined date")
GROUP_LINK_COLUMNS = (GROUP_LINK_URN, GROUP_LINK_UID, JOINED, GROUP_TYPE, GROUP_TYPE_CODE)
GROUP_LINK_SPECS = (
    FieldSpec("urn", GROUP_LINK_URN, parse_urn, essential=True),
    FieldSpec("_group_uid", GROUP_LINK_UID, parse_group_uid, essential=True),
    FieldSpec("joined_trust_on", JOINED, parse_date, label="joined date"),
)


def import_group_links(source: GiasFile, run: ImportRun) -> FileSummary:
    """Set each school's academy trust and the date it joined, from the group links file."""
    started = time.perf_counter()
    summary = FileSummary("Group links", source.name, source.encoding)
    plan = plan_for(GROUP_LINK_SPECS, source.index, source.width)
    trust_ids = dict(Trust.objects.values_list("group_uid", "id"))
    wanted: dict[str, tuple[int, object, int]] = {}  # urn -> (trust id, joined date, line)
    for line, values in run.records(source, summary):
        _label, trust_type = group_type(values, source.index)
        if trust_type is None:
            summary.not_trusts[_label or "(no group type)"] += 1
            continue
        try:
            parsed = parse_record(values, plan, line, summary.warnings)
        except RowError as error:
            summary.skip(line, error.reason)
            continue
        urn, uid = parsed["urn"], parsed["_group_uid"]
        if uid not in trust_ids:
            summary.skip(line, TRUST_NOT_STORED.format(uid=uid))
        elif urn in wanted:
            summary.skip(line, DUPLICATE.format(urn=urn, first_line=wanted[urn][2]))
        else:
            wanted[urn] = (trust_ids[uid], parsed["joined_trust_on"], line)
    _save_memberships(wanted, summary, run)
    summary.seconds = time.perf_counter() - started
    return summary


def _save_memberships(wanted: dict, summary: FileSummary, run: ImportRun) -> None:
    schools = School.objects.filter(urn__in=list(wanted)).only("id", "urn", "trust_id", "joined_trust_on")
    found, changes, fields = set(), [], set()
    for school in schools.iterator(chunk_size=2000):
        found.add(school.urn)
        trust_id, joined, _line = wanted[school.urn]
        differing = {"trust_id"} if school.trust_id != trust_id else set()
        if joined is not KEEP and school.joined_trust_on != joined:
            differing.add("joined_trust_on")
        if not differing:
            summary.unchanged += 1
            continue
        school.trust_id = trust_id
        if joined is not KEEP:
            school.joined_trust_on = joined
        changes.append(school)
        fields |= differing
    for urn in sorted(set(wanted) - found):
        summary.skip(wanted[urn][2], NOT_STORED.format(urn=urn))
    update_with_history(School, changes, fields, **run.history())
    summary.updated += len(changes)


# ---- establishment links --------------------------------------------------------------------

LINK_COLUMNS = (
    Column("URN"),
    Column("LinkURN"),
    Column("LinkName", required=False),
    Column("LinkType"),
    Column("LinkEstablishedDate", required=False),
)


def _link_text(field: str) -> Callable[[str], str]:
    return text_for(EstablishmentLink, field)


LINK_SPECS = (
    FieldSpec("urn", LINK_COLUMNS[0], parse_urn, essential=True),
    FieldSpec("linked_urn", LINK_COLUMNS[1], parse_urn, essential=True),
    FieldSpec("linked_name", LINK_COLUMNS[2], _link_text("linked_name"), label="linked name"),
    FieldSpec("link_type", LINK_COLUMNS[3], _link_text("link_type"), essential=True, label="link type"),
    FieldSpec("established_on", LINK_COLUMNS[4], parse_date, label="link established date"),
)
LINK_FIELDS = ("linked_name", "established_on")


def import_links(source: GiasFile, run: ImportRun) -> FileSummary:
    """Create or update an EstablishmentLink for every row of the links file."""
    started = time.perf_counter()
    summary = FileSummary("Links", source.name, source.encoding)
    plan = plan_for(LINK_SPECS, source.index, source.width)
    summary.not_updated = list(plan.absent)
    stored = {link.key: link for link in EstablishmentLink.objects.all()}
    seen: dict[str, int] = {}
    creates, changes, fields = [], [], set()
    for line, values in run.records(source, summary):
        try:
            parsed = parse_record(values, plan, line, summary.warnings)
        except RowError as error:
            summary.skip(line, error.reason)
            continue
        if not parsed["link_type"]:
            summary.skip(line, "LinkType is empty")
            continue
        key = EstablishmentLink.make_key(parsed["urn"], parsed["linked_urn"], parsed["link_type"])
        if key in seen:
            summary.skip(line, f"This link appears again (first on line {seen[key]}); this row was skipped")
            continue
        seen[key] = line
        link = stored.get(key)
        if link is None:
            creates.append({name: value for name, value in parsed.items() if value is not KEEP} | {"key": key})
            continue
        differing = [name for name in LINK_FIELDS if name in parsed and parsed[name] is not KEEP]
        differing = [name for name in differing if getattr(link, name) != parsed[name]]
        if differing:
            for name in differing:
                setattr(link, name, parsed[name])
            changes.append(link)
            fields.update(differing)
        else:
            summary.unchanged += 1
    insert_with_history(EstablishmentLink, creates, key="key", **run.history())
    update_with_history(EstablishmentLink, changes, fields, **run.history())
    summary.created, summary.updated = len(creates), len(changes)
    summary.seconds = time.perf_counter() - started
    return summary
