"""``python -m bench --update``: the earlier ``docs/benchmarks.md`` with only what a run re-measured replaced.

The raw results behind an update may hold only some scales (``<data>/results.json`` of an earlier
``--update``, or of another ``--out``), so a re-measured section is not rendered anew as a whole: its
tables and lists are merged row by row. A row (first cell: the scale) or a note (``- scale / …``) is
taken from the new rendering when its scale was re-measured or is in the new raw results; every other
scale's rows stay as they were. Sections this run did not measure stay as they were, word for word.
"""

from __future__ import annotations

from bench.report_format import SCALE_ORDER, SECTION_HEADINGS

MACHINE = "## Machine"
EARLIER = "Rows of other scales, measured earlier (the table had other columns then):"


def _block(text: str, heading: str) -> tuple[int, int] | None:
    """Start and end of the section under ``heading`` (up to the next ``## ``)."""
    start = text.find("\n" + heading + "\n")
    if start < 0:
        return None
    end = text.find("\n## ", start + 1)
    return start + 1, len(text) if end < 0 else end + 1


def _rank(scale: str) -> int:
    return SCALE_ORDER.index(scale) if scale in SCALE_ORDER else len(SCALE_ORDER)


def _row_scale(line: str) -> str:
    """The scale of a table row (``| city | …``) or a note (``- city / overview: …``)."""
    if line.startswith("|"):
        return line.split("|")[1].strip()
    return line[2:].split(" / ", 1)[0].strip()


def _is_table(block: str) -> bool:
    return block.startswith("|")


def _is_list(block: str) -> bool:
    return block.startswith("- ")


def _merged(kept: list[str], fresh: list[str]) -> list[str]:
    """Rows of both, in scale order (each scale's rows keep their order)."""
    return sorted(kept + fresh, key=lambda line: _rank(_row_scale(line)))


def merge_section(old: str, new: str, redone: set[str]) -> str:
    """Section ``new`` with the table rows and notes of ``old`` whose scale it neither re-measured
    (``redone``) nor holds kept in place; its prose is the new one."""
    old_blocks, new_blocks = old.strip("\n").split("\n\n"), new.strip("\n").split("\n\n")
    old_tables = [b for b in old_blocks if _is_table(b)]
    fresh = {_row_scale(r) for b in new_blocks if _is_table(b) for r in b.splitlines()[2:]}
    drop = redone | fresh

    def kept(lines: list[str]) -> list[str]:
        return [line for line in lines if _row_scale(line) not in drop]

    out: list[str] = []
    lists = {}  # the paragraph before each old list ("Errors:") -> its notes still valid
    for i, block in enumerate(old_blocks[1:], 1):
        if _is_list(block):
            lists[old_blocks[i - 1]] = kept(block.splitlines())
    for block in new_blocks:
        if _is_table(block):
            lines = block.splitlines()
            same = [t.splitlines()[2:] for t in old_tables if t.splitlines()[0] == lines[0]]
            block = "\n".join(lines[:2] + _merged(kept(same[0]) if same else [], lines[2:]))
        elif _is_list(block) and out:
            block = "\n".join(_merged(lists.pop(out[-1], []), block.splitlines()))
        out.append(block)
    headers = {b.splitlines()[0] for b in out if _is_table(b)}
    for table in old_tables:  # rows of other scales in a table whose columns changed since
        rows = kept(table.splitlines()[2:])
        if rows and table.splitlines()[0] not in headers:
            out += [EARLIER, "\n".join(table.splitlines()[:2] + rows)]
    for label, notes in lists.items():  # notes of other scales under a label the new section lacks
        if notes:
            out += [label, "\n".join(notes)]
    return "\n\n".join(out) + "\n"


def _merge_scales_table(text: str, new: str) -> str:
    """The scales table of the machine section (communities, rows, build time): the rows of the scales in
    the new results (every scale this run built) replace theirs, the others stay; the facts about the
    machine stay as they were."""
    src, dst = _block(new, MACHINE), _block(text, MACHINE)
    fresh = [b for b in new[src[0] : src[1]].split("\n\n") if _is_table(b)] if src else []
    if not fresh or dst is None:
        return text
    lines = fresh[0].splitlines()
    blocks = text[dst[0] : dst[1]].rstrip("\n").split("\n\n")
    drop = {_row_scale(r) for r in lines[2:]}
    for i, block in enumerate(blocks):
        if _is_table(block) and block.splitlines()[0] == lines[0]:
            kept = [r for r in block.splitlines()[2:] if _row_scale(r) not in drop]
            blocks[i] = "\n".join(lines[:2] + _merged(kept, lines[2:]))
            return _replace(text, dst, "\n\n".join(blocks) + "\n")
    return text


def _replace(text: str, where: tuple[int, int], part: str) -> str:
    return text[: where[0]] + part + ("\n" if where[1] < len(text) else "") + text[where[1] :]


def _insert(text: str, heading: str, part: str) -> str:
    """``part`` (a section the report lacks) before the first later section, or at the end."""
    order = list(SECTION_HEADINGS.values())
    for later in order[order.index(heading) + 1 :]:
        where = _block(text, later)
        if where is not None:
            return text[: where[0]] + part + "\n" + text[where[0] :]
    return text + "\n" + part


def splice(old: str, new: str, update: dict) -> str:
    """``old`` with the sections of ``update["sections"]`` merged from ``new`` (or appended) and a line
    saying which command re-measured them. ``update["section_scales"]`` names the scales each section
    re-measured (default: ``update["scales"]``)."""
    text = old.rstrip() + "\n"
    for section in update["sections"]:
        heading = SECTION_HEADINGS[section]
        src = _block(new, heading)
        if src is None:  # nothing of it in the new results: the old section stays
            continue
        part = new[src[0] : src[1]].rstrip() + "\n"
        dst = _block(text, heading)
        if dst is None:
            text = _insert(text, heading, part)
            continue
        redone = set(update.get("section_scales", {}).get(section, update["scales"]))
        text = _replace(text, dst, merge_section(text[dst[0] : dst[1]], part, redone))
    text = _merge_scales_table(text, new)
    when = f" on {update['date']}" if update.get("date") else ""
    note = (
        f"Then re-measured{when} with `{update['command']}` ({', '.join(update['sections'])} at "
        f"{', '.join(update['scales'])}; {update.get('duration_s', 0) / 60:.0f} min): those rows replace "
        "the earlier ones."
    )
    first_section = text.find("\n## ")
    return text[:first_section] + "\n" + note + "\n" + text[first_section:]
