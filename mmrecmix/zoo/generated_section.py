"""The generated blocks of a README (recipe tables, coverage table): a block between two
marker comments, rewritten by a tool or checked to be current."""
import sys


def with_section(text: str, start: str, end: str, section: str, path: str) -> str:
    """``text`` with what lies between ``start`` and ``end`` (both kept, as ``section``
    holds them) replaced by ``section``."""
    if start not in text or end not in text:
        raise SystemExit(f'error: {path} has no {start} ... {end} block to fill.')
    head, rest = text.split(start, 1)
    return head + section + rest.split(end, 1)[1]


def write_or_check(path: str, start: str, end: str, section: str, check: bool,
                   what: str, tool: str) -> None:
    """Put ``section`` into ``path``; with ``check``, only compare and exit 1 naming
    ``tool`` when ``what`` (e.g. 'the coverage table') is out of date."""
    with open(path) as f:
        text = f.read()
    updated = with_section(text, start, end, section, path)
    if not check:
        with open(path, 'w') as f:
            f.write(updated)
    elif updated != text:
        print(f'error: {what} of {path} is out of date; run python {tool}',
              file=sys.stderr)
        sys.exit(1)
