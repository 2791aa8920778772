"""The offline file's data blocks: bytes as 7-bit ASCII text in parts, gzip where it pays,
and the on-disk cache that keeps gzip -9 of the big blocks out of every build.

The decoder is ``decode7`` in ``web/offline/decode7.js`` (the file's script); ``encode7``
explains the format.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Characters per part of a data block: small enough that parsing one part is no long task.
PART_CHARS = 1 << 18
CACHE_DAYS = 1

#: The characters script data cannot carry verbatim: NUL (the parser makes it U+FFFD), CR
#: (newlines are normalised) and "<" (it could start "</script" or "<!--"); "=" escapes them.
ESCAPE_7BIT = {0x00: b"=@", 0x0D: b"=M", 0x3C: b"=|", 0x3D: b"=}"}


@dataclass(frozen=True, kw_only=True, slots=True)
class Blob:
    """One inlined binary: its text (``encode7``), gzip or not, its sizes."""

    name: str
    data: str
    gzip: bool
    raw_bytes: int
    #: bytes before encode7 (gzipped or raw): the decoder's output size
    packed_bytes: int

    @property
    def parts(self) -> list[str]:
        """The text in parts of PART_CHARS characters (the parser yields between parts)."""
        return split_parts(self.data, PART_CHARS)


def encode7(data: bytes) -> str:
    """Bytes as ASCII text, 7 bits per character, for a data block of an HTML page: ~8/7 of
    the size where base64 takes 4/3, and plain ASCII, which the parser reads faster.

    The bits, zero-padded to a whole number of 7-byte groups, are cut into 7-bit values, each
    one character; the values NUL, CR, "<" and "=" are written "=" + the value + 64 (yEnc's
    escape; 4 values in 128, +3 %). The decoder (``decode7`` in web/offline/decode7.js)
    needs the byte count to drop the padding.
    """
    buf = data + b"\0" * (-len(data) % 7)
    values = bytearray(len(buf) // 7 * 8)
    j = 0
    for i in range(0, len(buf), 7):
        x = int.from_bytes(buf[i : i + 7], "big")
        for k, shift in enumerate((49, 42, 35, 28, 21, 14, 7, 0)):
            values[j + k] = (x >> shift) & 0x7F
        j += 8
    text = bytes(values).replace(b"=", ESCAPE_7BIT[0x3D])  # "=" first: the others add "="
    for value, escaped in ESCAPE_7BIT.items():
        if value != 0x3D:
            text = text.replace(bytes([value]), escaped)
    return text.decode("ascii")


def decode7(text: str, size: int) -> bytes:
    """``encode7`` undone (the build's own check and the tests' reader of a file)."""
    raw = text.encode("ascii")
    for value, escaped in ESCAPE_7BIT.items():
        if value != 0x3D:
            raw = raw.replace(escaped, bytes([value]))
    raw = raw.replace(ESCAPE_7BIT[0x3D], b"=")
    x = 0
    bits = 0
    out = bytearray()
    for c in raw:
        x = (x << 7) | c
        bits += 7
        if bits >= 8:
            bits -= 8
            out.append(x >> bits)
            x &= (1 << bits) - 1
    return bytes(out[:size])


def pack(name: str, data: bytes, *, compress: bool) -> Blob:
    """``data`` (gzipped at level 9 when ``compress``) as a data block, not cached."""
    packed = gzip.compress(data, 9, mtime=0) if compress else data
    return Blob(
        name=name,
        data=encode7(packed),
        gzip=compress,
        raw_bytes=len(data),
        packed_bytes=len(packed),
    )


def split_parts(text: str, size: int) -> list[str]:
    """``text`` in parts of about ``size`` characters, never between "=" and what it escapes."""
    parts: list[str] = []
    i = 0
    while i < len(text):
        j = min(i + size, len(text))
        if text[j - 1] == "=":  # always an escape's first character ("=" itself is "=}")
            j += 1
        parts.append(text[i:j])
        i = j
    return parts or [""]


def cached(path: Path) -> bool:
    """Whether ``path`` is in the cache; a hit is touched, so that ``prune`` keeps it."""
    if not path.is_file():
        return False
    os.utime(path)
    return True


def prune(cache: Path) -> None:
    """Forget what no build has used for a day (every core change makes a new snapshot)."""
    limit = time.time() - CACHE_DAYS * 86400
    for path in cache.iterdir():
        with contextlib.suppress(OSError):  # another build may be pruning too
            if path.stat().st_mtime < limit:
                path.unlink()


def atomic_write(path: Path, data: bytes) -> None:
    """Write then rename: builds running at the same time share the cache."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def make_blob(
    name: str, raw: bytes | Callable[[], bytes], *, compress: bool, cache: Path, key: str
) -> Blob:
    """``raw`` (gzipped at level 9 when ``compress``) as encode7 text, cached on disk under
    ``key`` (a digest of what ``raw`` is made of): gzip -9 of the wasm and the snapshot takes
    seconds."""
    path = cache / f"blob-{key}-{int(compress)}.a7"
    size_path = path.with_suffix(".sizes")
    if cached(path) and cached(size_path):
        raw_bytes, packed = (int(n) for n in size_path.read_text().split())
        return Blob(
            name=name,
            data=path.read_text(encoding="ascii"),
            gzip=compress,
            raw_bytes=raw_bytes,
            packed_bytes=packed,
        )
    data = raw() if callable(raw) else raw
    packed_data = gzip.compress(data, 9, mtime=0) if compress else data
    text = encode7(packed_data)
    atomic_write(size_path, f"{len(data)} {len(packed_data)}".encode())
    atomic_write(path, text.encode("ascii"))
    return Blob(
        name=name, data=text, gzip=compress, raw_bytes=len(data), packed_bytes=len(packed_data)
    )
