"""Site packs: chosen by the url's domain or by the outlet named at the edges of the text."""

from __future__ import annotations

from cleaner import clean

BODY = (
    "Officials said the talks would resume next week in Vienna, after a pause of several months "
    "that both sides blamed on the other.\n"
)


def test_pack_chosen_by_domain_sets_source() -> None:
    result = clean(BODY, url="https://www.presstv.ir/Detail/2021/08/14/1")
    assert result.metadata.source == "Press TV"


def test_pack_chosen_by_outlet_at_the_edges_runs_its_rules() -> None:
    result = clean(f"{BODY}\nPress TV Website\n")
    assert result.metadata.source == "Press TV"
    assert [r.rule for r in result.removed] == ["presstv_platform_line"]


def test_no_pack_for_another_site() -> None:
    result = clean(BODY, url="https://example.org/news/1")
    assert result.metadata.source is None


def test_site_rules_do_not_run_for_other_sites() -> None:
    assert clean(f"{BODY}\nHot Topics\n", url="https://example.org/a").text.endswith("Hot Topics\n")
    assert clean(f"{BODY}\nHot Topics\n", url="https://news.cgtn.com/a").text == BODY
