"""Chrome containers pruned from a page before extraction: which go, which stay, and the tree restored."""

from __future__ import annotations

import pytest
from lxml import etree, html

from cleaner import Config, clean
from cleaner.html_prune import CHROME_KINDS, ChromeKind, ChromePruner

PARAGRAPH = (
    "<p>The council voted on Tuesday to extend the library's opening hours, after a year in which "
    "visits rose by a third and the reading rooms were full most evenings, the chair said.</p>"
)
ARTICLE = f"<h1>Library hours extended</h1>{PARAGRAPH * 4}"


def page(body: str) -> str:
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


def pruned_kinds(body: str) -> list[str]:
    tree = html.fromstring(page(body))
    return [kind for _, kind in ChromePruner().find(tree)]


@pytest.mark.parametrize(
    ("chrome", "kind"),
    [
        ("<nav><a href='/'>Home</a><a href='/news'>News</a></nav>", "navigation"),
        ("<div role='navigation'><a href='/'>Home</a></div>", "navigation"),
        ("<footer><a href='/privacy'>Privacy Policy</a> © 2025 Example</footer>", "page_footer"),
        ("<aside><h3>Popular</h3><a href='/x'>Another story</a></aside>", "sidebar"),
        ("<form><label>Email</label><input name='e'><button>Sign Up</button></form>", "form"),
        ("<dialog><p>Before you go: join our list.</p></dialog>", "dialog"),
        ("<div class='mm-ads-partnerlinks'><p>Partner Links</p></div>", "ad_slot"),
        ("<div class='restricted-content-breaker'><h2>This article is for subscribers</h2></div>", "paywall"),
        ("<div class='modal-content'><p>Subscribe</p></div>", "overlay"),
        ("<div id='x' class='tnp-subscription-posts'><p>Get notified of new posts?</p></div>", "signup_box"),
        ("<div class='Article prevnext'><p>Next article</p></div>", "post_navigation"),
    ],
    ids=[
        "nav",
        "role-navigation",
        "footer",
        "aside",
        "form",
        "dialog",
        "ads-word",
        "paywall",
        "modal",
        "subscription",
        "prevnext",
    ],
)
def test_chrome_container_is_pruned(chrome: str, kind: str) -> None:
    assert pruned_kinds(f"<main>{ARTICLE}</main>{chrome}") == [kind]


@pytest.mark.parametrize(
    "body",
    [
        # unclosed markup: the whole page inside a <nav>
        f"<nav><a href='/'>Home</a><div>{ARTICLE}</div></nav>",
        # ASP.NET: one <form> around the whole page
        f"<form id='aspnetForm'><div class='content'>{ARTICLE}</div></form>",
        # an <aside> that holds the article's text (most of the page), not a sidebar
        f"<aside class='story'>{PARAGRAPH * 5}</aside><p>Short intro.</p>",
        # a newsletter issue: the body is in a container its class calls a newsletter
        f"<div class='newsletter-body'>{PARAGRAPH * 10}</div><div>{PARAGRAPH * 20}</div>",
    ],
    ids=["page-in-nav", "aspnet-form", "aside-with-the-text", "newsletter-issue"],
)
def test_container_holding_the_article_stays(body: str) -> None:
    assert pruned_kinds(body) == []


@pytest.mark.parametrize(
    "body",
    [
        # a link in a sentence that a site marks as leaving for another site
        f"<main>{ARTICLE}<p>File with <a class='external-popup' href='/x'>TurboTax</a> by April.</p></main>",
        # class words inside longer words are not the words: "uploads", "subscribers-count"
        f"<main>{ARTICLE}<div class='wp-uploads'><p>A chart.</p></div></main>",
        # prose that says "subscribe" or "share" is not a container
        f"<main>{ARTICLE}<p>“Subscribe to the idea that we all share the cost,” she said.</p></main>",
        # a short subheading is not chrome
        f"<main>{ARTICLE}<h3>What comes next</h3>{PARAGRAPH}</main>",
    ],
    ids=["inline-link", "word-inside-word", "quote-saying-subscribe", "subheading"],
)
def test_content_is_not_taken_for_chrome(body: str) -> None:
    assert pruned_kinds(body) == []


def test_outermost_container_only() -> None:
    body = f"<main>{ARTICLE}</main><footer><nav><a href='/'>Home</a></nav></footer>"
    assert pruned_kinds(body) == ["page_footer"]


def test_tree_is_restored_exactly() -> None:
    source = page(f"<main>{ARTICLE}</main>tail<nav><a href='/'>Home</a></nav>after<footer>© 2025</footer>end")
    tree = html.fromstring(source)
    before = etree.tostring(tree)
    pruned = ChromePruner().prune(tree)
    assert len(pruned.swaps) == 2
    assert b"Home" not in etree.tostring(tree) and b"after" in etree.tostring(tree)
    pruned.restore()
    assert etree.tostring(tree) == before


def test_kinds_are_data_with_unique_ids() -> None:
    ids = [k.id for k in CHROME_KINDS]
    assert len(ids) == len(set(ids))
    with pytest.raises(ValueError, match="names no tag"):
        ChromeKind("empty", "matches nothing")


def _html_with_chrome() -> str:
    promo = "<div class='promo-bar newsletter-signup'><p>Get our weekly digest of library news.</p></div>"
    menu = "<nav>" + "".join(f"<a href='/{i}'>Section {i}</a>" for i in range(12)) + "</nav>"
    return page(f"{menu}<main>{ARTICLE}{promo}</main><footer><p>About us · Careers</p></footer>")


def test_clean_leaves_the_chrome_out_and_keeps_the_article() -> None:
    result = clean(_html_with_chrome())
    assert "opening hours" in result.text
    assert "weekly digest" not in result.text
    assert "Section 3" not in result.text


def test_pruning_can_be_turned_off() -> None:
    assert not Config(html_prune_chrome=False).html_prune_chrome
    assert "opening hours" in clean(_html_with_chrome(), config=Config(html_prune_chrome=False)).text
