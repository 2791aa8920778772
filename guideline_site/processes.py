"""What a failed subprocess (Node, the build backend) said, short enough for one error line."""

from __future__ import annotations

import subprocess

#: Characters kept of each line (a Node stack trace quotes whole lines of minified code).
LINE_CHARS = 200


def tail(proc: subprocess.CompletedProcess[str], lines: int = 3) -> str:
    """The last ``lines`` lines of stderr (else stdout), each cut to LINE_CHARS, joined."""
    text = (proc.stderr or proc.stdout or "").strip()
    return " | ".join(
        line if len(line) <= LINE_CHARS else line[:LINE_CHARS] + "…"
        for line in text.splitlines()[-lines:]
    )
