"""Reading an offline file's compressed content block, as the file's own decoder does."""

from __future__ import annotations

import gzip
import json
import re
from typing import Any

from guideline_site.export import codec

_PARTS = re.compile(
    r'data-offline-blob="content.json" data-part="\d+" data-parts="\d+" data-gzip="1"'
    r' data-size="(\d+)">([^<]*)</script>'
)


def content_block(html: str) -> dict[str, Any]:
    """The file's content block (pages, ids, search index), decoded."""
    blocks = _PARTS.findall(html)
    assert blocks, "the offline file has no content block"
    data = codec.decode7("".join(text for _, text in blocks), int(blocks[0][0]))
    content: dict[str, Any] = json.loads(gzip.decompress(data))
    return content
