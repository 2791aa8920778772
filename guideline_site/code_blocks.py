"""Code in Markdown is the author's example, never an instruction to the plugin.

``mask(markdown)`` replaces every fenced code block (``` or ~~~, at any indentation, up to
its closing fence) with a one-line token and every inline code span with an inline token;
the plugin's markers (references, audience blocks, generated tables) and citations are then
processed on the masked text, and ``Masked.restore`` puts the code back unchanged. So the
example ``<!-- references -->`` in a code block stays an example (it rendered the whole list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# An opening fence: 3+ backticks or tildes (a backtick fence's info string has no backtick).
_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
_INLINE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)")
_TOKEN = re.compile("\x02gl-code-(\\d+)\x03")


@dataclass(kw_only=True, slots=True)
class Masked:
    """Markdown with its code replaced by tokens, and the code to put back."""

    text: str
    code: list[str] = field(default_factory=list)

    def restore(self, text: str) -> str:
        return _TOKEN.sub(lambda m: self.code[int(m.group(1))], text)


def mask(markdown: str) -> Masked:
    masked = Masked(text="")
    lines = markdown.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "`" not in line and "~~~" not in line:  # most lines: no code at all
            out.append(line)
            i += 1
            continue
        opening = _OPEN.match(line.rstrip("\r\n"))
        fence = opening["fence"] if opening else ""
        if opening and not (fence[0] == "`" and "`" in opening["info"]):
            end = i + 1
            while end < len(lines) and not _closes(lines[end], fence):
                end += 1
            block = "".join(lines[i : end + 1])  # an unclosed fence runs to the end
            newline = "\n" if block.endswith("\n") else ""
            out.append(_token(masked, block.removesuffix("\n")) + newline)
            i = end + 1
            continue
        out.append(_INLINE.sub(lambda m: _token(masked, m.group(0)), line))
        i += 1
    masked.text = "".join(out)
    return masked


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def _token(masked: Masked, code: str) -> str:
    masked.code.append(code)
    return f"\x02gl-code-{len(masked.code) - 1}\x03"
