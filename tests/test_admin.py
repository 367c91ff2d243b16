"""The admin's configuration (generator/cms.py) follows the validator's schema and catalog.yaml, what
its forms save passes `check`, and `build.py admin` writes a self-contained folder."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_SITES, TEST_DAY, copy_site, tree
from generator.admin import DECAP_DIST, JS_YAML, OWN_FILES
from generator.annual_report import REPORT_FIELDS
from generator.cms import DIRECTORY_WIDGET, HELP, WIDE_TEXT_KEYS, Backend, cms_config, collections, content_folders, field_spellings, schema_fields
from generator.config import load_config
from generator.pipeline import theme_dirs
from generator.schema import INDEX_NUMBER_PATTERN, MarkChoices
from generator.standard import CHANNEL_OPTIONS, COLUMN_PARTS, UNSTATED, VALIDITY_OPTIONS
from generator.proposals import PROPOSAL_FIELDS, STATEMENT_FIELDS
from generator.validate import CLEANUP_FIELDS, CONSULTATION_FIELDS, DECISION_FIELDS, DOCUMENT_FIELDS, GUIDE_FIELDS, STATUTORY_FIELDS, entry_fields
from generator.gazette import GAZETTE_FIELDS
from generator.schema import Records
from generator.write import OUTPUT_MARKER

SITES = ("minimal", "real-catalog", "cluster")
# The validator's field table for the files of each kind of folder, as validate.py and annual_report.py read them.
VALIDATOR_FIELDS = {"guide": GUIDE_FIELDS, "rules": DOCUMENT_FIELDS, "statutory": STATUTORY_FIELDS,
                    "consultations": CONSULTATION_FIELDS, "annual_reports": REPORT_FIELDS,
                    "proposals": PROPOSAL_FIELDS, "proposal_years": STATEMENT_FIELDS, "decisions": DECISION_FIELDS,
                    "cleanups": CLEANUP_FIELDS, "gazette": GAZETTE_FIELDS}


def site_config(site: Path):
    config, diagnostics = load_config(site, theme_dirs(site))
    assert diagnostics == []
    return config


def by_name(fields: list[dict]) -> dict[str, dict]:
    return {field["name"]: field for field in fields}


def form_fields_of(collection: dict) -> list[dict]:
    return collection["files"][0]["fields"] if "files" in collection else collection["fields"]


@pytest.mark.parametrize("name", SITES)
def test_every_field_the_validator_knows_is_in_the_form_with_its_required_flag(name):
    config = site_config(FIXTURE_SITES / name)
    folders = content_folders(config)
    expected_kinds = {part.key for part in COLUMN_PARTS} | {"consultations", "entry"}
    expected_kinds |= {"proposals", "proposal_years", "decisions", "cleanups", "gazette"} if config.is_cluster else set()  # every agency of a cluster has the folder
    assert {folder.kind for folder in folders} == expected_kinds
    assert [f.domain.folder for f in folders if f.kind == "entry"] == [d.folder for a in config.all_agencies for d in a.domains]
    assert len({f.name for f in folders}) == len(folders)
    for folder, collection in zip(folders, collections(config)):
        schema = entry_fields(folder.domain) if folder.kind == "entry" else VALIDATOR_FIELDS[folder.kind]
        # Not asked: a mark group the agency's table does not print; 联合发文单位 outside a cluster; 二级事项 where the directory has none.
        asked = [f for f in schema if not (isinstance(f.kind, MarkChoices) and not f.kind.group.options)
                 and not (f.key == "co_issuers" and not config.is_cluster)
                 and not (f.key == "item_l2" and not any(item.sub_items for item in folder.domain.directory))]
        form = form_fields_of(collection)
        body = [] if folder.kind in ("annual_reports", "proposal_years") else ["body", "上传附件"]  # the upload is linked into the body
        assert [field["name"] for field in form] == [f.label for f in asked] + body, folder.name
        assert [field["required"] for field in form[:len(asked)]] == [f.required for f in asked], folder.name


def test_help_texts_and_wide_boxes_name_fields_the_validator_has():
    folders = [folder for site in ("minimal", "cluster") for folder in content_folders(site_config(FIXTURE_SITES / site))]
    keys = {field.key for folder in folders for field in schema_fields(folder)}
    keys |= {item.key for folder in folders for field in schema_fields(folder) if isinstance(field.kind, Records) for item in field.kind.fields}
    assert set(HELP) - keys == set() and WIDE_TEXT_KEYS - keys == set()


def test_a_mark_group_the_table_does_not_print_is_not_asked_for(tmp_path):
    site = copy_site("minimal", tmp_path / "site")
    catalog = site / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("  domains:\n", "  表头选项:\n    公开层级: []\n  domains:\n", 1), encoding="utf-8")
    form = by_name(collections(site_config(site))[-1]["fields"])
    assert "公开层级" not in form and "公开对象" in form


def test_options_and_patterns_come_from_the_schema_and_the_catalog():
    config = site_config(FIXTURE_SITES / "real-catalog")
    domain = config.agency.domains[0]
    entry = by_name(next(c for c in collections(config) if c["name"] == f"domain-{domain.slug}")["fields"])
    assert entry["一级事项"]["widget"] == entry["二级事项"]["widget"] == DIRECTORY_WIDGET
    assert entry["一级事项"]["options"] == [item.name for item in domain.directory]
    # 二级事项 offers the items of the 一级事项 chosen in the field it names.
    assert entry["二级事项"]["parent"] == "一级事项"
    assert entry["二级事项"]["options_by_parent"] == [{"parent": item.name, "options": list(item.sub_items)} for item in domain.directory]
    for group in domain.mark_groups:
        assert entry[group.title]["options"] == [option.name for option in group.options] + list(UNSTATED)
        assert entry[group.title]["multiple"] is True
    assert entry["公开层级"]["options"][:2] == ["区级", "乡、村级"]  # the agency's printed labels
    assert [entry[name]["widget"] for name in domain.extra_columns] == ["string"] * len(domain.extra_columns)
    channels = entry["公开渠道和载体"]
    assert channels["widget"] == "list" and channels["field"]["widget"] == "open-choice"
    assert channels["field"]["options"] == [option.name for option in CHANNEL_OPTIONS]
    assert entry["更新日期"]["widget"] == "datetime" and entry["更新日期"]["format"] == "YYYY-MM-DD"
    assert entry["body"]["widget"] == "markdown"
    statutory = by_name(next(c for c in collections(config) if c["name"] == "statutory")["fields"])
    pattern = statutory["索引号"]["pattern"][0]
    assert pattern == INDEX_NUMBER_PATTERN.pattern
    assert re.fullmatch(pattern, "000014349/2017-00110") and not re.fullmatch(pattern, "000014349/2017-110")
    assert statutory["有效性"]["options"] == [option.name for option in VALIDITY_OPTIONS]
    assert statutory["类别"]["options"][0] == {"label": "（一）行政法规、规章和规范性文件", "value": 1}
    assert [option["value"] for option in statutory["领域"]["options"]] == [d.slug for d in config.agency.domains]


def test_in_a_cluster_each_agency_has_its_own_collections_numbered_under_its_code():
    config = site_config(FIXTURE_SITES / "cluster")
    by = {c["name"]: c for c in collections(config)}
    assert by["minzheng-domain-social-assistance"]["folder"] == "content/minzheng/social-assistance"
    assert by["minzheng-domain-social-assistance"]["label"] == "测试区民政局 · 目录：社会救助"
    assert by["hexi-guide"]["files"][0]["file"] == "content/hexi/guide/index.md"
    assert "renshe-domain-social-assistance" not in by  # an agency gets the catalogs of its own domains only
    statutory = by_name(by["hexi-statutory"]["fields"])
    pattern = statutory["索引号"]["pattern"][0]
    assert re.fullmatch(pattern, "11000000MB0000001X/2026-00001") and not re.fullmatch(pattern, "000000017/2026-00001")
    assert statutory["联合发文单位"]["options"] == ["测试区人民政府", "测试区民政局", "测试区人力资源和社会保障局"]  # the portal first
    assert "联合发文单位" not in by_name(collections(site_config(FIXTURE_SITES / "minimal"))[2]["fields"])


def test_the_config_changes_when_the_catalog_gains_a_domain_or_an_item(tmp_path):
    site = copy_site("minimal", tmp_path / "site")
    before = cms_config(site_config(site), Backend("local"))
    catalog = site / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace("        - 临时救助\n", "        - 临时救助\n        - 特困人员救助供养: [供养标准]\n", 1)
    text += "    - slug: work-safety\n      name: 安全生产\n      directory:\n        - 安全生产政策文件\n"
    catalog.write_text(text, encoding="utf-8")
    after = cms_config(site_config(site), Backend("local"))
    names = [c["name"] for c in after["collections"]]
    assert names == [c["name"] for c in before["collections"]] + ["domain-work-safety"]
    work_safety = after["collections"][-1]
    assert work_safety["folder"] == "content/work-safety" and work_safety["label"] == "目录：安全生产"
    assert by_name(work_safety["fields"])["一级事项"]["options"] == ["安全生产政策文件"]
    social = by_name(next(c for c in after["collections"] if c["name"] == "domain-social-assistance")["fields"])
    assert social["一级事项"]["options"][-1] == "特困人员救助供养"
    assert social["二级事项"]["options_by_parent"][-1] == {"parent": "特困人员救助供养", "options": ["供养标准"]}
    assert "二级事项" not in by_name(work_safety["fields"])  # its directory has none: nothing to choose


# Optional fields that name another file or depend on another field: a form leaves them empty
# unless the editor has that file or value (check judges them; see the README's guide).
# An interpretation's form and its parts are asked of interpretations only (with 解读对象); a gazette's 总期号
# follows the issues already there.
LINKED = {"网址名", "废止日期", "有效期至", "解读对象", "所属条目", "摘要理由", "办复率", "征求意见", "未征求意见理由", "决策文件", "评估报告",
          "修改依据", "废止依据", "修改", "宣布失效", "废止",  # a cleanup's form lists the agency's form-made document under 继续有效 only
          "解读形式", "问答", "图解图片", "发布会日期", "发布人", "文字实录", "视频", "总期号"}
# Fields with a pattern of their own, besides 索引号: an example the validator accepts.
PATTERN_EXAMPLES = {"届次和编号": "区十八届人大三次会议第45号", "PDF": "2026-01.pdf", "图片": "liucheng.PNG", "视频": "fabuhui.mp4"}


def form_value(field: dict, chosen: dict):
    """What an editor gives a form field: its first option, a valid date, a 索引号, a number, a text."""
    widget = field["widget"]
    if widget == DIRECTORY_WIDGET and "parent" in field:  # a 二级事项 under the chosen 一级事项, if it has any
        (group,) = [group for group in field["options_by_parent"] if group["parent"] == chosen[field["parent"]]]
        return group["options"][0] if group["options"] else None
    if widget in ("select", DIRECTORY_WIDGET):
        values = [option["value"] if isinstance(option, dict) else option for option in field["options"]]
        return [values[0]] if field.get("multiple") else values[0]
    if widget == "datetime":
        return TEST_DAY
    if widget == "number":
        return field.get("min", 1)
    if widget == "list" and "fields" in field:  # a list of small forms: a gazette's 目录, one article of its own
        return [form_data([item for item in field["fields"] if item["name"] != "索引号"])]
    if widget == "list":
        return field.get("default") or [form_value(field["field"], chosen)]
    if widget == "object":
        return form_data(field["fields"])
    if field["name"] in PATTERN_EXAMPLES:
        assert re.match(field["pattern"][0], PATTERN_EXAMPLES[field["name"]])
        return PATTERN_EXAMPLES[field["name"]]
    if field.get("pattern"):
        assert field["name"] == "索引号"
        code = re.match(r"\^([0-9A-Z]+)/", field["pattern"][0])  # an agency's own code, in a cluster
        return f"{code[1] if code else '000000000'}/2026-09999"
    return f"表单填写的{field['label']}"


def form_data(fields: list[dict]) -> dict:
    data: dict = {}
    for field in fields:
        if field["name"] in LINKED or field["name"] in ("body", "上传附件"):
            continue
        value = form_value(field, data)
        if value is not None:
            data[field["name"]] = value
    return data


def interpretation_data(fields: list[dict], document: dict) -> dict:
    """A 图解 interpretation of `document` given with the statutory form's own fields (解读形式, 图解图片)."""
    form = by_name(fields)
    data = {**document, "标题": f"图解：{document['标题']}", "解读对象": document["索引号"],
            "索引号": document["索引号"].replace("-09999", "-09998"), "解读形式": "图解",
            "图解图片": form_value(form["图解图片"], document)}
    assert "图解" in form["解读形式"]["options"] and re.search(form["图解图片"]["fields"][0]["pattern"][0], data["图解图片"][0]["图片"])
    for name in ("类别", "文种", "需要解读"):  # an interpretation names the document it interprets instead
        data.pop(name, None)
    return data


def saved_file(collection: dict, data: dict) -> str:
    """The file as Decap's formats write it: YAML (block style) as a front matter above the body, or alone."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return text if collection["format"] == "gk-yaml" else f"---\n{text}---\n\n表单填写的正文。\n"


@pytest.mark.parametrize("name", SITES)
def test_what_each_form_saves_passes_check(name, tmp_path, run_build):
    site = copy_site(name, tmp_path / "site")
    written = []
    config = site_config(site)
    for collection in collections(config):
        data = form_data(form_fields_of(collection))
        if collection["name"].endswith("cleanups"):  # it names the 索引号 the agency's statutory form was given
            agency = config.agency_named(collection["name"].removesuffix("-cleanups"))
            data["继续有效"] = [f"{agency.code}/2026-09999"]
        if "files" in collection:
            path = site / collection["files"][0]["file"]
        else:
            stem = str(data["年度"]) if collection["slug"] == "{{fields.年度}}" else "20261126-093000"
            path = site / collection["folder"] / f"{stem}.{collection['extension']}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if "PDF" in data:  # a gazette issue's printed edition, uploaded beside it
            data["PDF"] = f"{path.stem}.pdf"
            (path.parent / data["PDF"]).write_bytes(b"%PDF-1.4\n%%EOF\n")
        path.write_text(saved_file(collection, data), encoding="utf-8")
        written.append(path)
        if collection["name"].endswith("statutory"):  # an interpretation of it, as a graphic (图解), made with the same form
            interpretation = interpretation_data(form_fields_of(collection), data)
            (path.parent / interpretation["图解图片"][0]["图片"]).write_bytes(b"\x89PNG\r\n\x1a\n")
            (path.parent / "20261126-093001.md").write_text(saved_file(collection, interpretation), encoding="utf-8")
    result = run_build("check", "--site", site)
    assert result.code == 0, result.err
    assert len(written) == len(content_folders(site_config(site)))


def test_the_admin_command_writes_a_folder_that_needs_nothing_from_elsewhere(tmp_path, run_build):
    if not (DECAP_DIST / "decap-cms.js").is_file():
        pytest.skip("node_modules/decap-cms missing: run npm ci --ignore-scripts")
    site = copy_site("minimal", tmp_path / "site")
    result = run_build("admin", "--site", site)
    assert result.code == 0, result.err
    assert result.out == f"已生成内容管理文件夹 {site / 'admin'}：运行 python build.py serve --admin 后打开 http://127.0.0.1:8000/admin/。\n"
    admin = site / "admin"
    files = tree(admin)
    assert {"index.html", "admin.js", "admin.css", "formats.js", "fields.js", "js-yaml.min.js", "config.yml", "site.css", "decap-cms.js", OUTPUT_MARKER} <= set(files)
    assert not [name for name in files if name.endswith(".map")]
    assert yaml.safe_load(files["config.yml"]) == cms_config(site_config(site), Backend("local"))
    assert files["site.css"] == (FIXTURE_SITES.parent.parent.parent / "themes" / "default" / "static" / "style.css").read_bytes()
    page = files["index.html"].decode()
    assert "<title>内容管理 · 测试区政务公开网</title>" in page
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == ["admin.css", "js-yaml.min.js", "decap-cms.js", "fields.js", "formats.js", "admin.js"]
    assert not re.search(rb"https?://(?!127\.0\.0\.1)", files["config.yml"] + files["admin.js"] + files["index.html"])
    assert run_build("admin", "--site", site).code == 0
    assert tree(admin) == files  # the same folder again, byte for byte


def test_the_admin_command_replaces_only_a_folder_it_wrote(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    (site / "admin").mkdir()
    (site / "admin" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_build("admin", "--site", site)
    assert result.code == 2
    assert result.err == (f"build.py: 错误：输出文件夹 {(site / 'admin').resolve()} 已存在，且不是本程序生成的网站；"
                          "为避免误删，请换一个文件夹，或先自行删除它\n")
    assert (site / "admin" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_one_offices_admin_has_only_its_own_collections(tmp_path, run_build):
    if not (DECAP_DIST / "decap-cms.js").is_file():
        pytest.skip("node_modules/decap-cms missing: run npm ci --ignore-scripts")
    site = copy_site("cluster", tmp_path / "site")
    result = run_build("admin", "--site", site, "--agency", "测试区民政局")
    assert result.code == 0, result.err
    assert result.out.startswith(f"已生成内容管理文件夹 {site / 'admin-minzheng'}：")
    config = yaml.safe_load((site / "admin-minzheng" / "config.yml").read_text(encoding="utf-8"))
    names = [collection["name"] for collection in config["collections"]]
    assert names and all(name.startswith("minzheng-") for name in names), names
    assert names == [c["name"] for c in collections(site_config(site)) if c["name"].startswith("minzheng-")]
    assert not (site / "admin").exists()
    result = run_build("admin", "--site", site, "--agency", "mingzheng")
    assert result.code == 2 and "catalog.yaml 中没有单位“mingzheng”" in result.err


def test_an_office_backend_needs_its_address_repository_and_application(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    result = run_build("admin", "--site", site, "--backend", "gitea", "--repo", "gk/site")
    assert result.code == 2
    assert result.err == "build.py: 错误：--backend gitea 还须指定 --git-url、--app-id（见 README“内容管理”一节）\n"
    assert not (site / "admin").exists()


@pytest.mark.parametrize("name, api, review", [("gitea", "/api/v1", False), ("forgejo", "/api/v1", True), ("gitlab", "/api/v4", True)])
def test_office_backends_log_in_with_pkce_and_review_where_decap_can(name, api, review):
    backend = Backend(name, "gk/site", "https://git.qinghe.example/", "client-id", "main")
    config = cms_config(site_config(FIXTURE_SITES / "minimal"), backend)
    settings = config["backend"]
    assert settings["name"] == name and settings["repo"] == "gk/site" and settings["app_id"] == "client-id"
    assert settings["base_url"] == "https://git.qinghe.example" and settings["api_root"] == f"https://git.qinghe.example{api}"
    assert (config.get("publish_mode") == "editorial_workflow") is review
    assert (settings.get("auth_type") == "pkce") is (name == "gitlab")
    local = cms_config(site_config(FIXTURE_SITES / "minimal"), Backend("local", proxy_port=8123))
    assert local["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:8123/api/v1", "branch": "main"}
    assert "publish_mode" not in local and local["locale"] == "zh_Hans"


# formats.js run in node on a file: read it, save it unchanged, then save it with one top-level field changed.
ROUND_TRIP = """
const fs = require('fs');
global.window = {jsyaml: require(process.argv[1]), GK_FIELDS: JSON.parse(process.argv[7]),
                 CMS: {formats: {}, registerCustomFormat(name, extension, format) { this.formats[name] = format; }}};
eval(fs.readFileSync(process.argv[2], 'utf8'));
const format = window.CMS.formats[process.argv[3]], text = fs.readFileSync(process.argv[4], 'utf8');
const data = format.fromFile(text), read = JSON.parse(JSON.stringify(data)), unchanged = format.toFile(read, []);
data[process.argv[5]] = process.argv[6];
process.stdout.write(JSON.stringify({read, unchanged, changed: format.toFile(data, [])}));
"""


@pytest.mark.parametrize("format_name, file, key, new", [
    ("gk-yaml", "annual-reports/2025.yaml", "标题", "改过的标题"),
    ("gk-frontmatter", "rules/tiaoli.md", "标题", "改过的标题"),
])
def test_the_admin_formats_rewrite_only_the_changed_field(format_name, file, key, new):
    if shutil.which("node") is None or not JS_YAML.is_file():
        pytest.skip("node or node_modules/js-yaml missing")
    path = FIXTURE_SITES / "minimal" / "content" / file
    text = path.read_text(encoding="utf-8")
    result = round_trip(format_name, path, key, new)
    assert result["unchanged"] == text
    (line,) = [line for line in text.splitlines() if line.startswith(f"{key}:")]
    assert result["changed"] == text.replace(line + "\n", f"{key}: {new}\n", 1)


def round_trip(format_name: str, path: Path, key: str, new: str) -> dict:
    spellings = json.dumps(field_spellings(site_config(FIXTURE_SITES / "minimal")), ensure_ascii=False)
    args = [str(JS_YAML), str(OWN_FILES / "formats.js"), format_name, str(path), key, new, spellings]
    return json.loads(subprocess.run(["node", "-e", ROUND_TRIP, *args], capture_output=True, check=True, text=True).stdout)


def test_a_file_written_by_hand_opens_in_the_form_as_check_reads_it():
    if shutil.which("node") is None or not JS_YAML.is_file():
        pytest.skip("node or node_modules/js-yaml missing")
    path = FIXTURE_SITES / "minimal" / "content" / "social-assistance" / "linshi-jiuzhu.md"
    text = path.read_text(encoding="utf-8")
    assert "公开内容(要素): " in text and "公开依据: 《社会救助暂行办法》\n" in text and "公开层级: 乡（镇）级\n" in text
    result = round_trip("gk-frontmatter", path, "公开时限", "即时")
    read = result["read"]
    assert read["公开内容（要素）"] == "救助对象、救助标准"  # the half-width spelling, under the form's name
    assert read["公开依据"] == ["《社会救助暂行办法》"]  # a list widget needs a list
    assert read["公开渠道和载体"] == ["政府网站", "便民服务站"] and read["公开层级"] == ["乡（镇）级"]
    assert result["unchanged"] == text
    assert result["changed"] == text.replace("公开时限: 信息形成或者变更之日起20个工作日内\n", "公开时限: 即时\n")
    marks = field_spellings(site_config(FIXTURE_SITES / "real-catalog"))["公开层级"]
    assert marks["list"] == "split" and "乡、村级" in marks["known"]  # a label holding 、 stays whole


def test_without_node_modules_the_admin_command_says_how_to_install(tmp_path, run_build, monkeypatch):
    import generator.admin

    missing = tmp_path / "node_modules" / "decap-cms" / "dist"
    monkeypatch.setattr(generator.admin, "DECAP_DIST", missing)
    site = copy_site("minimal", tmp_path / "site")
    result = run_build("admin", "--site", site)
    assert result.code == 2
    assert result.err == (f"build.py: 错误：找不到 {missing / 'decap-cms.js'}；"
                          "请在程序文件夹（有 package.json 的文件夹）中运行一次 npm ci --ignore-scripts\n")
    assert not (site / "admin").exists()


def test_the_local_proxy_needs_node_and_a_free_port(tmp_path, monkeypatch):
    import socket

    import generator.admin
    from generator.admin import AdminUnavailable, local_proxy, start_proxy

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(AdminUnavailable) as refused:
            with local_proxy(tmp_path, port):
                pass
        assert str(refused.value) == f"端口 {port} 已被占用，内容管理的本地代理无法启动；请用 --proxy-port 换一个端口"
    monkeypatch.setattr(generator.admin.shutil, "which", lambda name: None)
    with pytest.raises(AdminUnavailable) as no_node:
        start_proxy(tmp_path, port)
    assert str(no_node.value) == ("找不到 Node.js（node 命令）：本机编辑需要它；请先安装 Node.js，"
                                  "再在程序文件夹（有 package.json 的文件夹）中运行一次 npm ci --ignore-scripts")
