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
# The channel list is open: agencies print platform names, 办事窗口, many forms of 公示栏 and
# 其他（…）. What they print is kept; these words of a printed channel recognise the standard
# channel it is a form of, for filtering and open data (checked in order; the first match wins).
CHANNEL_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("社区/企事业单位/村公示栏（电子屏）", ("公示栏", "公开栏", "公告栏", "宣传栏", "电子屏", "电子显示屏", "村务公开")),
    ("政务服务中心", ("政务服务中心", "政务服务大厅", "行政服务中心", "市民中心")),
    ("便民服务站", ("便民服务",)),
    ("政府网站", ("政府网站", "门户网站", "政府信息公开平台", "政务公开网")),
    ("政府公报", ("公报",)),
    ("两微一端", ("两微一端", "微信", "微博", "客户端", "政务新媒体", "新媒体")),
    ("发布会/听证会", ("发布会", "听证会", "吹风会")),
    ("广播电视", ("广播", "电视")),
    ("纸质媒体", ("纸质", "报刊", "报纸", "期刊", "宣传册", "明白纸")),
    ("公开查阅点", ("查阅点", "查阅场所", "档案馆", "图书馆")),
    ("入户/现场", ("入户", "现场")),
    ("精准推送", ("精准推送", "短信")),
    ("其他", ("其他", "其它")),
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


@dataclass(frozen=True)
class MarkGroup:
    """A column group of the catalog whose cells hold marks (公开对象, 公开方式, 公开层级).

    `options` are the group's columns as the agency's table prints them (catalog.yaml's
    表头选项); each also accepts the standard name and variants it stands for. No options:
    the agency's table has no such group (some catalogs print no 公开层级)."""

    key: str  # the Entry attribute
    title: str
    options: tuple[Option, ...]


STANDARD_MARK_GROUPS: tuple[MarkGroup, ...] = (
    MarkGroup("audience", "公开对象", AUDIENCE_OPTIONS),
    MarkGroup("mode", "公开方式", MODE_OPTIONS),
    MarkGroup("level", "公开层级", LEVEL_OPTIONS),
)

# What a table says where it marks nothing: recorded as such, never read as "no" or as √.
UNSTATED = ("未注明", "不适用")
# A cell that repeats the cell above it in the agency's own table.
SAME_AS_ABOVE = "同上"


# The 2021 annual-report format (国办公开办函〔2021〕30号): six sections and three tables.
REPORT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("overview", "一、总体情况"),
    ("proactive_text", "二、主动公开政府信息情况"),
    ("applications_text", "三、收到和处理政府信息公开申请情况"),
    ("reviews_text", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)

# Table 1: 主动公开政府信息情况 — Article 20 items (一), (五), (六), (八).
NORMATIVE_ROWS = ("规章", "行政规范性文件")
NORMATIVE_COLUMNS = ("本年制发件数", "本年废止件数", "现行有效件数")
DECISION_ROWS = (("行政许可", 5), ("行政处罚", 6), ("行政强制", 6))
FEE_ROW = "行政事业性收费"

# Table 2: 收到和处理政府信息公开申请情况.
APPLICANT_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
LEGAL_PERSON_COLUMNS = APPLICANT_COLUMNS[1:6]  # printed under 法人或其他组织


@dataclass(frozen=True)
class FormRow:
    key: str  # what editors write in the data file
    label: str  # as the form prints it
    sub_rows: tuple[str, ...] = ()  # the numbered rows of a result group


APPLICATION_RECEIVED = FormRow("本年新收", "一、本年新收政府信息公开申请数量")
APPLICATION_CARRIED_IN = FormRow("上年结转", "二、上年结转政府信息公开申请数量")
APPLICATION_RESULTS: tuple[FormRow, ...] = (
    FormRow("予以公开", "（一）予以公开"),
    FormRow("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    FormRow("不予公开", "（三）不予公开", (
        "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
        "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项")),
    FormRow("无法提供", "（四）无法提供", ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")),
    FormRow("不予处理", "（五）不予处理", (
        "信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息")),
    FormRow("其他处理", "（六）其他处理", (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他")),
)
APPLICATION_TOTAL = FormRow("总计", "（七）总计")
APPLICATION_CARRIED_OUT = FormRow("结转下年度", "四、结转下年度继续办理")
APPLICATION_RESULTS_LABEL = "三、本年度办理结果"  # printed above the result rows

# Table 3: 政府信息公开行政复议、行政诉讼情况 — three groups of five.
REVIEW_GROUPS = (("行政复议", "行政复议"), ("未经复议直接起诉", "行政诉讼（未经复议直接起诉）"), ("复议后起诉", "行政诉讼（复议后起诉）"))
REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


# 有效性 of a disclosure document; a document past its 有效期至 is shown as 失效.
VALIDITY_OPTIONS: tuple[Option, ...] = (
    Option("有效", ("现行有效",)),
    Option("已修改", ("部分修改",)),
    Option("失效"),
    Option("废止", ("已废止",)),
)
YES_NO_OPTIONS: tuple[Option, ...] = (Option("是", ("yes", "true")), Option("否", ("no", "false")))
# The forms of a 政策解读 the work plan names (二: 新闻发布会、吹风会、简明问答、图表图解、案例说明), a text first.
INTERPRETATION_FORMS: tuple[Option, ...] = (
    Option("文字解读", ("文字", "文字稿")),
    Option("简明问答", ("问答",)),
    Option("图解", ("图表图解", "图文解读", "一图读懂")),
    Option("新闻发布会", ("发布会",)),
    Option("吹风会", ("政策吹风会",)),
    Option("案例说明", ("案例", "案例解读")),
)
BRIEFING_FORMS = ("新闻发布会", "吹风会")  # with a date, speakers and (for a recording) a transcript
GAZETTE_TITLE = "政府公报"


# The kinds of agency a district portal carries (国办发〔2017〕47号: departments and towns publish through
# it); the first is the portal's own, the district's people's government.
PORTAL_KIND = "区人民政府"
AGENCY_KINDS = (PORTAL_KIND, "区政府部门", "镇人民政府", "街道办事处")
GOVERNMENT_GROUP, DEPARTMENTS_GROUP, TOWNS_GROUP = "区人民政府", "部门信息公开", "镇街信息公开"
TOWN_KINDS = frozenset({"镇人民政府", "街道办事处"})  # publish at the town level (乡级 in the standard's 公开层级)
TOWN_LEVEL = "乡级"  # the standard's name of that level; agencies print 乡（镇）级, 镇级, 乡、村级 … (LEVEL_OPTIONS)
AGENCY_GROUPS = {PORTAL_KIND: GOVERNMENT_GROUP, "区政府部门": DEPARTMENTS_GROUP, "镇人民政府": TOWNS_GROUP, "街道办事处": TOWNS_GROUP}
# The folders of an agency of a cluster, under content/<slug>/, by column part (and its drafts for comment).
CLUSTER_FOLDERS = {"guide": "guide", "rules": "rules", "statutory": "statutory", "annual_reports": "annual-reports",
                   "consultations": "consultations", "proposals": "proposals", "decisions": "decisions",
                   "cleanups": "cleanups", "gazette": "gazette"}
# Paths at the root of a cluster's site that are the portal's own, so no agency may take them as its slug.
PORTAL_PATHS = ("static", "search", "feeds", "sitemaps", "data", "bumen", "zhenjie", "nianbao", "coverage", "xxgk", "catalog",
                "jianyitian", "juece", "zhengce", "gongbao")

# 重大行政决策事项目录: the stages of a decision, in order (《重大行政决策程序暂行条例》: 决策草案, 公众参与, 决策, 执行和调整).
DECISION_STAGES: tuple[Option, ...] = (
    Option("拟决策"),
    Option("征求意见", ("征求意见中",)),
    Option("已决策", ("已作出决策",)),
    Option("执行评估", ("后评估",)),
)
DECIDED_STAGES = frozenset({"已决策", "执行评估"})  # a decision made: its draft must have been put out for comment


# 文种 of a policy document in the library (政策文件库): the three kinds the 集中发布 groups documents by.
# What an agency writes (通知, 实施方案 …) is kept beside the kind it is normalised to.
REGULATION, NORMATIVE_DOCUMENT, OTHER_POLICY = "规章", "行政规范性文件", "其他政策文件"
POLICY_KINDS = (REGULATION, NORMATIVE_DOCUMENT, OTHER_POLICY)
POLICY_KIND_SPELLINGS = {"规章": REGULATION, "政府规章": REGULATION, "地方政府规章": REGULATION,
                         "行政规范性文件": NORMATIVE_DOCUMENT, "规范性文件": NORMATIVE_DOCUMENT}
# 规范性文件清理结果: its four groups (key, the heading published, the 有效性 a document gets).
CLEANUP_GROUPS = (("kept", "继续有效", "有效"), ("amended", "修改", "已修改"), ("invalid", "宣布失效", "失效"), ("repealed", "废止", "废止"))
