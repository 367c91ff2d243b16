"""Generate a benchmark corpus: one site folder for this generator and the same entries for four peers.

    python bench/corpus.py --entries 10000 --out /tmp/bench-10000 [--seed 2026] [--agencies N]

Writes, under --out:

    site/        catalog.yaml and content/ for this generator, a district portal of --agencies agencies (default 1):
                 the repository's site and domains, its district government (content/qinghe/: a copy of its guide,
                 rules, statutory, annual-reports and consultations folders) and N−1 generated departments and towns
                 (each with a guide and every domain), the catalog entries spread over all of them
    hugo/        a Hugo site (hugo.toml, content/<domain>/_index.md + one file per entry, three layouts)
    eleventy/    an Eleventy project (src/: one .md per entry, one list page per domain, an index; an
                 eleventy.config.cjs that stops Eleventy from skipping what a .gitignore lists)
    mkdocs/      an MkDocs project (docs/: one .md per entry, one index.md per domain, an index; a bare theme)
    pelican/     a Pelican project (content/<domain>/*.md, category = domain; a bare theme; plugins/yaml_front_matter.py,
                 a small reader for the YAML front matter, which Pelican does not read by itself)
    entries.json the list of entries (domain, slug, title, date): run.py edits one of them

The entries: the few demo entries that the copied documents link to (so that every link resolves), then generated
ones up to --entries, spread round-robin over the 26 domains, each under one of its domain's directory items
(一级事项 and, where it has them, 二级事项) from catalog.yaml, with a distinct title, a date no later than 2026-12-01,
and a body of about 1.7 KB of Chinese Markdown with one table. Peers get the same title, date and body under the
same YAML front matter (title and date; MkDocs also gets the title as a heading). Deterministic: the same --seed and
--entries give the same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
COPIED = ("guide", "rules", "statutory", "annual-reports", "consultations", "cleanups")
OWN = "qinghe"  # the repository's district government, whose folders are copied
LAST_DAY = dt.date(2026, 12, 1)
FIRST_DAY = dt.date(2024, 1, 1)
BODY_BYTES = 1700  # target size of each body in UTF-8

SUBJECTS = ["区民政局", "区人力资源和社会保障局", "区财政局", "区住房和城乡建设局", "区卫生健康委员会", "区教育局",
            "区应急管理局", "区市场监督管理局", "区农业农村局", "区生态环境分局", "区自然资源分局", "区司法局",
            "区文化和旅游局", "区城市管理局", "区税务局", "各镇人民政府（街道办事处）"]
ACTIONS = ["按照有关规定", "根据东陵市统一部署", "经区人民政府同意", "结合本区工作实际", "依据相关法律法规",
           "在广泛听取意见的基础上"]
VERBS = ["组织开展了", "持续推进", "全面落实", "进一步规范", "认真做好", "稳步实施", "及时公开", "统筹安排"]
OBJECTS = ["申请受理和审核工作", "资金发放和监督管理", "办理流程的优化调整", "基层经办服务能力建设",
           "信息公开和政策解读", "群众咨询和投诉处理", "材料精简和时限压缩", "数据共享和部门协同",
           "风险排查和隐患整改", "档案管理和动态更新"]
TAILS = ["确保各项政策措施落到实处。", "切实保障群众的知情权、参与权和监督权。", "相关情况已在政务服务中心同步公示。",
         "办理结果将通过政府网站及时向社会公开。", "对群众反映的问题做到件件有回应。", "全年未发生重大投诉事项。",
         "如有疑问，可拨打咨询电话0000-12345600。", "具体办理事项以窗口告知为准。"]
HEADINGS = ["基本情况", "主要内容", "办理流程", "工作措施", "监督管理", "咨询方式", "有关说明", "下一步工作"]
TOWNS = ["青禾街道", "东湖街道", "西园街道", "南山镇", "北塘镇", "柳河镇", "石桥镇", "新丰镇", "白鹭镇", "龙泉镇"]


def flatten(directory) -> list[tuple[str, str | None]]:
    items = []
    for node in directory:
        if isinstance(node, dict):
            for first, seconds in node.items():
                for second in seconds:
                    items.append((first, second))
        else:
            items.append((node, None))
    return items


def sentence(rng: random.Random) -> str:
    return (rng.choice(ACTIONS) + "，" + rng.choice(SUBJECTS) + rng.choice(VERBS) + rng.choice(OBJECTS) + "，"
            + rng.choice(VERBS) + rng.choice(OBJECTS) + "，" + rng.choice(TAILS))


def body(rng: random.Random, topic: str) -> str:
    year = rng.choice([2024, 2025, 2026])
    rows = "\n".join(
        f"| {town} | {rng.randint(12, 980)} | {rng.randint(5, 400)} | {rng.randint(1, 99)}.{rng.randint(0, 9)}% |"
        for town in rng.sample(TOWNS, 5))
    table = ("| 镇（街道） | 受理件数 | 办结件数 | 同比增幅 |\n|---|---|---|---|\n" + rows)
    headings = rng.sample(HEADINGS, 3)
    parts = [f"{year}年，{topic}工作{sentence(rng)[:-1]}，{sentence(rng)}",
             f"## {headings[0]}", table, f"## {headings[1]}"]
    n = 1
    while len("\n\n".join(parts).encode()) < BODY_BYTES - 420:
        parts.append(f"{n}. {sentence(rng)}")
        n += 1
    parts.append(f"## {headings[2]}")
    text = "\n\n".join(parts) + "\n\n"
    while len(text.encode()) < BODY_BYTES - 120:
        text += sentence(rng)
    return text + "\n"


def front_matter(fields: dict) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def split_front_matter(text: str) -> tuple[dict, str]:
    _, head, rest = text.split("---\n", 2)
    return yaml.safe_load(head), rest.lstrip("\n")


def linked_entries() -> list[Path]:
    """Domain entries that the copied folders link to or name as 所属条目, so that no reference is broken."""
    found = set()
    own = REPO / "content" / OWN
    for folder in COPIED:
        for path in (own / folder).rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            targets = [path.parent / t for t in re.findall(r"\]\((\.\./[^)#]+\.md)", text)]
            targets += [own / f"{t}.md" for t in re.findall(r"^(?:所属条目|条目):\s*(\S+/\S+)\s*$", text, re.M)]
            for target in targets:
                resolved = target.resolve()
                if resolved.parent.parent == own.resolve() and resolved.parent.name not in COPIED:
                    found.add(resolved)
    return sorted(found)


def make_entries(n: int, seed: int, domains: list[dict], agencies: list[str]) -> list[dict]:
    rng = random.Random(seed)
    entries = []
    for path in linked_entries()[:n]:
        meta, text = split_front_matter(path.read_text(encoding="utf-8"))
        entries.append({"agency": OWN, "domain": path.parent.name, "slug": path.stem, "title": meta["标题"],
                        "date": str(meta["更新日期"]), "copied": str(path.relative_to(REPO)), "body": text})
    span = (LAST_DAY - FIRST_DAY).days
    for i in range(n - len(entries)):
        domain = domains[i % len(domains)]
        first, second = rng.choice(flatten(domain["directory"]))
        date = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
        title = f"青禾区{domain['name']}{second or first}公开信息（第{i + 1:05d}号）"
        entries.append({"agency": agencies[(i // len(domains)) % len(agencies)], "domain": domain["slug"],
                        "slug": f"e{i + 1:05d}", "title": title, "date": date.isoformat(),
                        "first": first, "second": second, "publisher": rng.choice(SUBJECTS).replace("区", "青禾区", 1),
                        "body": body(rng, second or first)})
    return entries


def our_entry(e: dict) -> str:
    fields = {"标题": e["title"], "一级事项": e["first"]}
    if e["second"]:
        fields["二级事项"] = e["second"]
    fields.update({
        "公开内容（要素）": f"{e['second'] or e['first']}的依据、标准、程序、结果",
        "公开依据": ["《中华人民共和国政府信息公开条例》"],
        "公开时限": "信息形成或者变更之日起20个工作日内",
        "公开主体": e["publisher"] if not e["publisher"].startswith("各") else "青禾区人民政府",
        "公开渠道和载体": ["政府网站", "政务服务中心"],
        "公开对象": "全社会",
        "公开方式": "主动",
        "公开层级": ["县级", "乡级"],
        "更新日期": e["date"],
    })
    return front_matter(fields) + e["body"]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def agency_slugs(count: int) -> list[str]:
    return [OWN] + [f"a{n:03d}" for n in range(1, count)]


def write_site(out: Path, entries: list[dict], catalog: dict, count: int) -> None:
    """The portal: the repository's district government with every domain, and generated agencies, every other
    one a department, the rest towns, each with a 9-character code of its own and every domain."""
    site = out / "site"
    site.mkdir(parents=True)
    own = next(a for a in catalog["agencies"] if a["slug"] == OWN)
    every = [d["slug"] for d in catalog["domains"]]
    agencies = [{**own, "domains": every}] + [
        {"slug": slug, "name": f"青禾区第{n}单位", "kind": "区政府部门" if n % 2 else "镇人民政府", "code": f"{900000000 + n}",
         "domains": every} for n, slug in enumerate(agency_slugs(count)[1:], start=1)]
    write(site / "catalog.yaml", yaml.safe_dump({"site": catalog["site"], "domains": catalog["domains"], "agencies": agencies},
                                                allow_unicode=True, sort_keys=False))
    for folder in COPIED:
        shutil.copytree(REPO / "content" / OWN / folder, site / "content" / OWN / folder)
    for agency in agencies[1:]:
        write(site / "content" / agency["slug"] / "guide" / "index.md",
              front_matter({"标题": f"{agency['name']}政府信息公开指南", "更新日期": "2026-02-10"}) + "本单位的政府信息公开指南。\n")
    for e in entries:
        target = site / "content" / e["agency"] / e["domain"] / f"{e['slug']}.md"
        if "copied" in e:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / e["copied"], target)
        else:
            write(target, our_entry(e))


def by_domain(entries, domains):
    groups = {d["slug"]: [] for d in domains}
    for e in entries:
        groups[e["domain"]].append(e)
    return groups


def write_hugo(out: Path, entries, domains) -> None:
    root = out / "hugo"
    write(root / "hugo.toml", 'baseURL = "https://example.gov.cn/"\nlocale = "zh-cn"\ntitle = "青禾区政务公开"\n'
          'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n')
    base = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
            '<body><main>{{ block "main" . }}{{ end }}</main></body></html>\n')
    write(root / "layouts/_default/baseof.html", base)
    write(root / "layouts/_default/single.html",
          '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>{{ .Content }}{{ end }}\n')
    write(root / "layouts/_default/list.html",
          '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
          '{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}\n')
    write(root / "layouts/index.html",
          '{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">'
          '{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>{{ end }}\n')
    for d in domains:
        write(root / "content" / d["slug"] / "_index.md", f'---\ntitle: "{d["name"]}"\n---\n')
    for e in entries:
        write(root / "content" / e["domain"] / f"{e['slug']}.md",
              front_matter({"title": e["title"], "date": e["date"]}) + e["body"])


def write_eleventy(out: Path, entries, domains) -> None:
    root = out / "eleventy"
    src = root / "src"
    # Eleventy skips whatever a .gitignore in its working folder lists; the corpus may sit in an ignored folder.
    write(root / "eleventy.config.cjs",
          "module.exports = function (eleventyConfig) {\n  eleventyConfig.setUseGitIgnore(false);\n};\n")
    write(src / "_includes/base.njk", '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
          '<title>{{ title }}</title></head><body><main>{{ content | safe }}</main></body></html>\n')
    write(src / "_includes/entry.njk", '---\nlayout: base.njk\n---\n<h1>{{ title }}</h1>'
          '<p>{{ page.date.toISOString().slice(0, 10) }}</p>{{ content | safe }}\n')
    for d in domains:
        write(src / d["slug"] / f"{d['slug']}.11tydata.json",
              json.dumps({"tags": [d["slug"]], "layout": "entry.njk"}) + "\n")
        write(src / "lists" / f"{d['slug']}.njk",
              f'---\nlayout: base.njk\ntitle: {d["name"]}\npermalink: /{d["slug"]}/index.html\n---\n'
              f'<h1>{{{{ title }}}}</h1><ul>{{% for p in collections["{d["slug"]}"] %}}<li><a href="{{{{ p.url }}}}">'
              '{{ p.data.title }}</a> {{ p.date.toISOString().slice(0, 10) }}</li>{% endfor %}</ul>\n')
    links = "".join(f'<li><a href="/{d["slug"]}/">{d["name"]}</a></li>' for d in domains)
    write(src / "index.njk", f"---\nlayout: base.njk\ntitle: 青禾区政务公开\n---\n<h1>青禾区政务公开</h1><ul>{links}</ul>\n")
    for e in entries:
        write(src / e["domain"] / f"{e['slug']}.md",
              front_matter({"title": e["title"], "date": e["date"]}) + e["body"])


def write_mkdocs(out: Path, entries, domains) -> None:
    root = out / "mkdocs"
    write(root / "mkdocs.yml", "site_name: 青禾区政务公开\ndocs_dir: docs\nsite_dir: site\nuse_directory_urls: false\n"
          "theme:\n  name: null\n  custom_dir: theme\nplugins: []\nmarkdown_extensions:\n  - tables\n"
          "validation:\n  omitted_files: ignore\n  absolute_links: ignore\n  unrecognized_links: ignore\n")
    write(root / "theme/main.html", '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
          "<title>{{ page.title }}</title></head><body><main>{{ page.content }}</main></body></html>\n")
    groups = by_domain(entries, domains)
    for d in domains:
        items = "\n".join(f"- [{e['title']}]({e['slug']}.md) {e['date']}" for e in groups[d["slug"]])
        write(root / "docs" / d["slug"] / "index.md", f"# {d['name']}\n\n{items}\n")
    write(root / "docs/index.md", "# 青禾区政务公开\n\n" +
          "\n".join(f"- [{d['name']}]({d['slug']}/index.md)" for d in domains) + "\n")
    for e in entries:
        write(root / "docs" / e["domain"] / f"{e['slug']}.md",
              front_matter({"title": e["title"], "date": e["date"]}) + f"# {e['title']}\n\n" + e["body"])


PELICAN_YAML_READER = r'''"""Markdown with YAML front matter (--- ... ---) for Pelican, which reads only its own `Key: value` header.

Python-Markdown's meta extension takes `date: '2026-01-02'` with its quotes and reads no YAML lists, so the front
matter is parsed with PyYAML and the rest converted with Pelican's Markdown settings minus that extension.
"""
import yaml
from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open


class YAMLFrontMatterReader(MarkdownReader):
    def read(self, source_path):
        self._source_path = source_path
        with pelican_open(source_path) as text:
            fields = {}
            if text.startswith("---\n"):
                head, _, text = text[4:].partition("\n---\n")
                fields = yaml.safe_load(head) or {}
        settings = dict(self.settings["MARKDOWN"])
        settings["extensions"] = [e for e in settings["extensions"] if e != "markdown.extensions.meta"]
        self._md = Markdown(**settings)
        content = self._md.convert(text)
        metadata = {}
        for name, value in fields.items():
            name = name.lower()
            metadata[name] = self.process_metadata(name, value if isinstance(value, list) else str(value))
        return content, metadata


def add_reader(readers):
    for extension in YAMLFrontMatterReader.file_extensions:
        readers.reader_classes[extension] = YAMLFrontMatterReader


def register():
    signals.readers_init.connect(add_reader)
'''


def write_pelican(out: Path, entries, domains) -> None:
    root = out / "pelican"
    write(root / "plugins/yaml_front_matter.py", PELICAN_YAML_READER)
    write(root / "pelicanconf.py", "\n".join([
        'AUTHOR = "青禾区人民政府"', 'SITENAME = "青禾区政务公开"', 'SITEURL = ""', 'PATH = "content"',
        'PLUGIN_PATHS = ["plugins"]', 'PLUGINS = ["yaml_front_matter"]', 'SLUGIFY_SOURCE = "basename"',
        'THEME = "theme"', 'TIMEZONE = "Asia/Shanghai"', 'DEFAULT_LANG = "zh"', "DEFAULT_PAGINATION = False",
        "USE_FOLDER_AS_CATEGORY = True", 'ARTICLE_URL = "{category}/{slug}.html"',
        'ARTICLE_SAVE_AS = "{category}/{slug}.html"', 'CATEGORY_URL = "{slug}/index.html"',
        'CATEGORY_SAVE_AS = "{slug}/index.html"', 'DIRECT_TEMPLATES = ["index"]',
        'TAG_SAVE_AS = ""', 'AUTHOR_SAVE_AS = ""', 'CATEGORIES_SAVE_AS = ""', 'TAGS_SAVE_AS = ""',
        'AUTHORS_SAVE_AS = ""', 'ARCHIVES_SAVE_AS = ""', 'YEAR_ARCHIVE_SAVE_AS = ""', 'MONTH_ARCHIVE_SAVE_AS = ""',
        'DAY_ARCHIVE_SAVE_AS = ""', "FEED_ALL_ATOM = None", "CATEGORY_FEED_ATOM = None",
        "TRANSLATION_FEED_ATOM = None", "AUTHOR_FEED_ATOM = None", "AUTHOR_FEED_RSS = None",
        "CACHE_CONTENT = True", "LOAD_CONTENT_CACHE = True", 'CACHE_PATH = "cache"', "RELATIVE_URLS = True", ""]))
    base = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}'
            '{% endblock %}</title></head><body><main>{% block content %}{% endblock %}</main></body></html>\n')
    write(root / "theme/templates/base.html", base)
    write(root / "theme/templates/article.html", '{% extends "base.html" %}{% block title %}{{ article.title }}'
          '{% endblock %}{% block content %}<h1>{{ article.title }}</h1><p>{{ article.date.strftime("%Y-%m-%d") }}</p>'
          "{{ article.content }}{% endblock %}\n")
    write(root / "theme/templates/category.html", '{% extends "base.html" %}{% block content %}<h1>{{ category }}</h1>'
          '<ul>{% for a in articles %}<li><a href="/{{ a.url }}">{{ a.title }}</a> {{ a.date.strftime("%Y-%m-%d") }}'
          "</li>{% endfor %}</ul>{% endblock %}\n")
    write(root / "theme/templates/index.html", '{% extends "base.html" %}{% block content %}<h1>{{ SITENAME }}</h1>'
          '<ul>{% for c, a in categories %}<li><a href="/{{ c.url }}">{{ c }}</a> ({{ a|length }})</li>{% endfor %}'
          "</ul>{% endblock %}\n")
    for e in entries:
        write(root / "content" / e["domain"] / f"{e['slug']}.md",
              front_matter({"title": e["title"], "date": e["date"]}) + e["body"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entries", type=int, default=10000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--agencies", type=int, default=1, help="agencies of the portal the entries are spread over (default 1)")
    ap.add_argument("--only", nargs="*", default=["site", "hugo", "eleventy", "mkdocs", "pelican"],
                    help="which trees to write (default: all)")
    args = ap.parse_args(argv)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    catalog = yaml.safe_load((REPO / "catalog.yaml").read_text(encoding="utf-8"))
    domains = catalog["domains"]
    entries = make_entries(args.entries, args.seed, domains, agency_slugs(args.agencies))
    writers = {"site": lambda: write_site(args.out, entries, catalog, args.agencies), "hugo": lambda: write_hugo(args.out, entries, domains),
               "eleventy": lambda: write_eleventy(args.out, entries, domains),
               "mkdocs": lambda: write_mkdocs(args.out, entries, domains),
               "pelican": lambda: write_pelican(args.out, entries, domains)}
    for name in args.only:
        writers[name]()
    (args.out / "entries.json").write_text(json.dumps(
        [{k: e[k] for k in ("agency", "domain", "slug", "title", "date")} for e in entries], ensure_ascii=False, indent=0),
        encoding="utf-8")
    sizes = [len(e["body"].encode()) for e in entries]
    print(f"{len(entries)} entries in {len(domains)} domains, body {min(sizes)}–{max(sizes)} bytes "
          f"(mean {sum(sizes) // len(sizes)}) → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
