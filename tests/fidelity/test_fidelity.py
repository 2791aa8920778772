"""Contract revision 2, fidelity rules: every quote in the core is the article's own words.

The article is the tests' copy (tests/site/data/article.txt), pinned by its digest and, where
the team's shared seed is present beside the checkout, byte-identical to it. The texts checked
come from the core itself (rules_as_data()), never from a list in this file, so no edit here
can make a paraphrase pass.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

import sciatica_core

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "tests" / "site" / "data" / "article.txt"
SEED = ROOT.parent / "shared" / "seeds" / "000_3735f705395eb52a.txt"
ARTICLE_SHA256 = "3294e3297adb4cd5717750e0467fc1f04345ba944ab820e4ec2ce1aeb94194c5"
#: Citation numbers at the end of a line of the article ("... first 3", "... week 4, 2").
CITATIONS = re.compile(r"\s+\d(?:,\s*\d)*\s*$")


def normalise(text: str) -> str:
    """Whitespace collapsed, bullets and line-final citation numbers dropped."""
    lines = [CITATIONS.sub("", line.strip().lstrip("•").strip()) for line in text.splitlines()]
    return " ".join(" ".join(lines).split())


@pytest.fixture(scope="module")
def article() -> str:
    return normalise(ARTICLE.read_text(encoding="utf-8"))


def verbatim(quote: str, article: str) -> bool:
    """A substring of the article after normalising; a leading capital and a final full stop
    may differ (an item is a sentence of its own)."""
    text = " ".join(quote.split()).rstrip(".")
    return any(
        variant in article
        for variant in (text, text[:1].lower() + text[1:], text[:1].upper() + text[1:])
    )


def test_article_copy_is_the_article():
    """The test copy is the guideline article itself: pinned, and equal to the shared seed."""
    data = ARTICLE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == ARTICLE_SHA256
    if SEED.exists():
        assert SEED.read_bytes() == data


def test_normalise_drops_citations_but_keeps_text(article):
    """The normalisation keeps numbers that are part of a sentence ("7-14 days", ">4/10")."""
    assert "Start with NSAIDs at full anti-inflammatory dose for 7-14 days Continue" in article
    assert "If pain >4/10 and present >1 month" in article
    assert "interventional procedures (epidural or transforaminal injections) if" in article


RULES = sciatica_core.rules_as_data()


@pytest.mark.parametrize("rule", RULES["rules"], ids=lambda rule: rule["id"])
def test_rule_article_text_is_verbatim(rule, article):
    """Every rule's article_text (and each further quote) is a verbatim quote of the article."""
    for quote in [rule["article_text"], *rule["also_quotes"]]:
        assert verbatim(quote, article), f"{rule['id']}: not in the article: {quote!r}"


ADAPTED = {entry["text"]: entry for entry in RULES["adapted"]}


@pytest.mark.parametrize("rule", RULES["rules"], ids=lambda rule: rule["id"])
def test_item_texts_are_verbatim_or_adapted(rule, article):
    """Every action, avoid and monitoring text is verbatim or an entry of the adapted table."""
    for key in ("actions", "avoid", "monitoring"):
        for item in rule[key]:
            assert verbatim(item["text"], article) or item["text"] in ADAPTED, (
                f"{rule['id']} {key}: neither the article's words nor an adapted text: "
                f"{item['text']!r}"
            )


@pytest.mark.parametrize("entry", RULES["adapted"], ids=lambda entry: entry["text"][:30])
def test_adapted_texts_name_the_sentences_they_adapt(entry, article):
    """Each adapted text names one or more article sentences, each verbatim, and says why."""
    assert entry["adapts"]
    for quote in entry["adapts"]:
        assert verbatim(quote, article), f"adapts a sentence not in the article: {quote!r}"
    assert entry["why"].strip()
    assert not verbatim(entry["text"], article), "verbatim: it does not belong in the table"


def test_every_adapted_text_is_used():
    """No stale entry: each adapted text is the text of some item of the table."""
    used = {
        item["text"]
        for rule in RULES["rules"]
        for key in ("actions", "avoid", "monitoring")
        for item in rule[key]
    }
    assert set(ADAPTED) <= used


def test_a_paraphrase_fails(article):
    """The check is real: the revision-1 reassess quote (injections dropped) is not verbatim."""
    assert not verbatim(
        "Step 4: If No Response After 1 Month: Reassess diagnosis and consider alternative"
        " causes; consider referral for interventional procedures if conservative measures fail",
        article,
    )
    assert not verbatim("Stop NSAIDs: they are not tolerated", article)
