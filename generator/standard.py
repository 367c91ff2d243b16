"""Facts fixed by law and the national standard, not by a site's editors.

The 2019 Regulations (国务院令第711号) fix the 15 categories of statutory
proactive disclosure (Article 20); 国办公开办函〔2019〕61号 fixes the four parts
of the 政府信息公开 column; the State Council's 26 pilot-domain guidelines fix the
columns of the standard catalog and their options. Sites choose none of these,
so they live here instead of in catalog.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass

# Article 20 of the 2019 Regulations, in the order of the law.
ARTICLE_20_CATEGORIES: tuple[str, ...] = (
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
)

CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_ordinal(number: int) -> str:
    """1 → 一, 15 → 十五: how the Regulations number their items."""
    if number <= 10:
        return CHINESE_NUMERALS[number - 1]
    return "十" + CHINESE_NUMERALS[number - 11]


@dataclass(frozen=True)
class ColumnPart:
    key: str  # key under agency.column in catalog.yaml
    title: str


# The four parts of the 政府信息公开 column, in their prescribed order.
COLUMN_TITLE = "政府信息公开"
COLUMN_PARTS: tuple[ColumnPart, ...] = (
    ColumnPart("guide", "政府信息公开指南"),
    ColumnPart("rules", "政府信息公开制度"),
    ColumnPart("statutory", "法定主动公开内容"),
    ColumnPart("annual_reports", "政府信息公开工作年度报告"),
)

PART_TITLES = {part.key: part.title for part in COLUMN_PARTS}

CATALOG_TITLE = "政务公开事项标准目录"


@dataclass(frozen=True)
class Option:
    """One allowed value of a catalog column, with the variants catalogs print."""

    name: str
    variants: tuple[str, ...] = ()


CHANNEL_OPTIONS: tuple[Option, ...] = (
    Option("政府网站"),
    Option("政府公报"),
    Option("两微一端"),
    Option("发布会/听证会"),
    Option("广播电视"),
    Option("纸质媒体", ("纸质载体",)),
    Option("公开查阅点"),
    Option("政务服务中心"),
    Option("便民服务站"),
    Option("入户/现场"),
    Option("社区/企事业单位/村公示栏（电子屏）"),
    Option("精准推送"),
    Option("其他"),
)
AUDIENCE_OPTIONS: tuple[Option, ...] = (
    Option("全社会"),
    Option("特定群体", ("特定群众", "特定对象")),
)
MODE_OPTIONS: tuple[Option, ...] = (
    Option("主动"),
    Option("依申请", ("依申请公开",)),
)
LEVEL_OPTIONS: tuple[Option, ...] = (
    Option("县级", ("区级", "市级（县级市）")),
    Option("乡级", ("乡、村级", "镇级", "村级", "乡（镇）级")),
)
