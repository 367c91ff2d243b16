"""Field kinds: what editors may write for each column."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from generator.schema import Choices, Date, Field, FieldError, Integer, Text, Texts, read_fields
from generator.standard import CHANNEL_OPTIONS, LEVEL_OPTIONS


def node(text: str):
    return yaml.compose(text, Loader=yaml.SafeLoader)


def test_values_keep_their_source_text():
    assert Text().convert(node("2020"), "“文号”") == "2020"
    assert Text().convert(node("yes"), "“文号”") == "yes"
    assert Texts().convert(node("[甲, 乙]"), "“公开依据”") == ("甲", "乙")


def test_choices_accept_printed_variants_and_full_width_forms():
    assert Choices(LEVEL_OPTIONS).convert(node("[镇级, 区级]"), "“公开层级”") == ("县级", "乡级")
    channels = Choices(CHANNEL_OPTIONS).convert(node("[社区/企事业单位/村公示栏(电子屏), 纸质载体, 政府网站, 政府网站]"), "“公开渠道和载体”")
    assert channels == ("政府网站", "纸质媒体", "社区/企事业单位/村公示栏（电子屏）")


def test_empty_list_is_refused():
    with pytest.raises(FieldError, match="至少要有一项"):
        Choices(LEVEL_OPTIONS).convert(node("[]"), "“公开层级”")


@pytest.mark.parametrize("text", ["2026/3/15", "2026年3月15日", "20260315", "2026-3-15"])
def test_only_iso_dates_are_accepted(text):
    with pytest.raises(FieldError, match="YYYY-MM-DD"):
        Date().convert(node(f'"{text}"'), "“更新日期”")


def test_iso_date_is_read_exactly():
    assert Date().convert(node("2024-02-29"), "“更新日期”") == date(2024, 2, 29)


def test_full_width_digits_are_read_as_digits():
    assert Date().convert(node("２０２６-０３-１５"), "“更新日期”") == date(2026, 3, 15)
    assert Integer(1, 15).convert(node("１２"), "“类别”") == 12


def test_choices_may_be_listed_the_chinese_way():
    assert Choices(LEVEL_OPTIONS).convert(node("县级、乡级"), "“公开层级”") == ("县级", "乡级")
    assert Choices(LEVEL_OPTIONS).convert(node("县级，乡级"), "“公开层级”") == ("县级", "乡级")


@pytest.mark.parametrize("text", ["0", "16", "七", "1.5", "9" * 5000])
def test_integer_range_and_form(text):
    with pytest.raises(FieldError):
        Integer(1, 15).convert(node(text), "“类别”")


def test_keys_match_aliases_in_either_width_and_case():
    fields = (Field("content", "公开内容（要素）", Text(), aliases=("公开内容",)), Field("title", "标题", Text()))
    found = read_fields(node("公开内容(要素): 甲\nTITLE: 乙\n"), fields, "a.md", "条目")
    assert found.diagnostics == []
    assert found.values == {"content": "甲", "title": "乙"}
