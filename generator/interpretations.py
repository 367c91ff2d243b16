"""政策解读 in every form the work plan names: a text, 简明问答, 图解, 新闻发布会 / 吹风会, 案例说明.

An interpretation is a statutory document with `解读对象`; its form and the parts that form needs
are read here from its front matter (validate.py calls `read_interpretation`), the files its parts
name are checked against the agency's attachments (`interpretation_file_problems`), and whether it
came out with its policy is judged once (`late_interpretation`) for the build and the inspection alike.
"""

from __future__ import annotations

import re
from datetime import date

from .body_checks import check_body
from .diagnostics import WARNING, Diagnostic
from .model import Document, Graphic, Interpretation, QuestionAnswer, RawDocument
from .schema import Choice, Date, Field, FieldValues, Records, Text, Texts, read_records
from .standard import BRIEFING_FORMS, INTERPRETATION_FORMS
from .workdays import Workdays, add_workdays

DEFAULT_FORM = INTERPRETATION_FORMS[0].name  # 文字解读
INTERPRETATION_WORKDAYS = 3  # the website inspection's limit: 政策解读 within 3 working days of its policy
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")  # not .svg: refused as an attachment (it may carry scripts)
VIDEO_EXTENSIONS = (".mp4", ".webm")

QUESTION_FIELDS = (Field("question", "问", Text(), aliases=("问题",)), Field("answer", "答", Text(), aliases=("回答", "答复")))
GRAPHIC_FIELDS = (
    Field("image", "图片", Text()),
    Field("alt", "替代文字", Text(), aliases=("alt",)),
    Field("text", "文字版", Text(), required=False, aliases=("文字说明", "文本替代")),
)
INTERPRETATION_FIELDS = (
    Field("interpretation_form", "解读形式", Choice(INTERPRETATION_FORMS), required=False),
    Field("questions", "问答", Records(QUESTION_FIELDS, "问答"), required=False),
    Field("graphics", "图解图片", Records(GRAPHIC_FIELDS, "图解图片"), required=False),
    Field("event_date", "发布会日期", Date(), required=False, not_future=True, aliases=("举行日期",)),
    Field("speakers", "发布人", Texts(), required=False, aliases=("出席人",)),
    Field("transcript", "文字实录", Text(), required=False),
    Field("video", "视频", Text(), required=False),
)
INTERPRETATION_KEYS = tuple(field.key for field in INTERPRETATION_FIELDS)
# Which form each part belongs to (its field's label, for messages).
PART_FORMS = {"questions": ("简明问答",), "graphics": ("图解",), "event_date": BRIEFING_FORMS, "speakers": BRIEFING_FORMS,
              "transcript": BRIEFING_FORMS, "video": BRIEFING_FORMS}
LABELS = {field.key: field.label for field in INTERPRETATION_FIELDS}
BODY_QUESTION = re.compile(r"^##\s+(.+?)\s*#*\s*$")


def read_interpretation(raw: RawDocument, fields: FieldValues, today: date) -> tuple[Interpretation | None, list[Diagnostic]]:
    """The form of an interpretation and its parts, taken out of `fields.values` (which then hold
    Document's own fields), or None for a document that is not one; problems with the fields go to
    `fields.diagnostics`, and the checks of its texts (answers, text versions, transcript) come back
    as the body's do: with the document, not instead of it."""
    values, lines = fields.values, fields.lines
    parts = {key: values.pop(key) for key in INTERPRETATION_KEYS if key in values}

    def problem(key: str, message: str, line: int | None = None) -> None:
        fields.diagnostics.append(Diagnostic(raw.path, line or lines.get(key, 1), message))

    written = [key for key in INTERPRETATION_KEYS if key in lines]
    if "interprets" not in values:
        if written and "interprets" not in lines:
            problem(written[0], f"“{LABELS[written[0]]}”只用于政策解读；请填写“解读对象”（被解读政策文件的索引号），或删去这一行")
        return None, []
    form = parts.get("interpretation_form", DEFAULT_FORM)
    for key, forms in PART_FORMS.items():
        if key in lines and form not in forms:
            problem(key, f"“{LABELS[key]}”只用于解读形式为“{'”或“'.join(forms)}”的解读，本文件的解读形式是“{form}”；"
                         "请改正“解读形式”，或删去这一项")
    questions = read_questions(raw, parts.get("questions", ()), fields, today) if form == "简明问答" else ()
    if form == "简明问答" and "questions" not in lines:
        body_questions(raw, fields)
    graphics = read_graphics(raw, parts.get("graphics", ()), fields, today) if form == "图解" else ()
    if form == "图解" and "graphics" not in lines:
        problem("interpretation_form", "解读形式为“图解”，但没有“图解图片”；请逐张列出图片，每张写明“图片”“替代文字”和“文字版”（图片内容的完整文字）")
    if form in BRIEFING_FORMS:
        for key in ("event_date", "speakers"):
            if key not in parts:  # not written, or written empty: reported at its own line
                problem(key if key in lines else "interpretation_form", f"解读形式为“{form}”，须填写“{LABELS[key]}”")
        if "video" in parts and "transcript" not in parts:
            problem("video", f"有视频“{parts['video']}”时须填写“文字实录”：听不到声音的读者靠文字实录了解{form}的内容")
        if "video" in parts and not parts["video"].lower().endswith(VIDEO_EXTENSIONS):
            problem("video", f"视频“{parts['video']}”应为 {'、'.join(VIDEO_EXTENSIONS)} 文件（浏览器能直接播放的格式）")
    texts = [(pair.answer, pair.answer_line) for pair in questions] + [(graphic.text, graphic.text_line) for graphic in graphics]
    if "transcript" in parts:
        texts.append((parts["transcript"], fields.text_lines.get("transcript", 1)))
    text_problems = [problem for text, line in texts for problem in check_body(text, raw.path, line, enclosing_level=3)]
    return Interpretation(
        form=form, questions=questions, graphics=graphics, event_date=parts.get("event_date"), speakers=parts.get("speakers", ()),
        transcript=parts.get("transcript"), transcript_line=fields.text_lines.get("transcript", 1), video=parts.get("video"),
    ), text_problems  # shown under a heading of level 3 (interpretation.html)


def read_questions(raw: RawDocument, nodes: tuple, fields: FieldValues, today: date) -> tuple[QuestionAnswer, ...]:
    pairs = []
    for node, item in zip(nodes, read_records(nodes, Records(QUESTION_FIELDS, "问答"), raw.path, today)):
        fields.diagnostics.extend(item.diagnostics)
        if not item.diagnostics:
            line = node.start_mark.line + 1
            pairs.append(QuestionAnswer(item.values["question"], item.values["answer"], line, item.text_lines.get("answer", line)))
    return tuple(pairs)


def body_questions(raw: RawDocument, fields: FieldValues) -> None:
    """A 简明问答 without `问答:`: the body's ## headings are its questions, each followed by its answer."""
    questions: list[tuple[str, int, bool]] = []  # (question, line, answered)
    for offset, text in enumerate(raw.body.split("\n")):
        match = BODY_QUESTION.match(text)
        if match:
            questions.append((match.group(1), raw.body_line + offset, False))
        elif text.strip() and questions:
            questions[-1] = questions[-1][:2] + (True,)
    if not questions:
        message = ("解读形式为“简明问答”，但没有问答：请写“问答:”列表（每项写“问:”和“答:”），"
                   "或在正文中每个问题写成一个“## ”小标题，其下写回答")
        fields.diagnostics.append(Diagnostic(raw.path, fields.lines.get("interpretation_form", 1), message))
    for question, line, answered in questions:
        if not answered:
            fields.diagnostics.append(Diagnostic(raw.path, line, f"问题“{question}”下面没有回答；请在这个小标题下写出回答"))


def read_graphics(raw: RawDocument, nodes: tuple, fields: FieldValues, today: date) -> tuple[Graphic, ...]:
    graphics = []
    for node, item in zip(nodes, read_records(nodes, Records(GRAPHIC_FIELDS, "图解图片"), raw.path, today)):
        line = node.start_mark.line + 1
        fields.diagnostics.extend(item.diagnostics)
        image = item.values.get("image")
        if image and not image.lower().endswith(IMAGE_EXTENSIONS):
            message = f"图片“{image}”应为图片文件（{'、'.join(IMAGE_EXTENSIONS)}）"
            fields.diagnostics.append(Diagnostic(raw.path, item.lines["image"], message))
        elif image and "text" not in item.values:
            message = (f"图解图片“{image}”缺少“文字版”：图片所表达的全部内容须在同一页面以文字写出"
                       "（“替代文字”只是简短说明，读屏软件用户和看不清图片的读者要读的是文字版）")
            fields.diagnostics.append(Diagnostic(raw.path, item.lines.get("text", line), message))
        elif not item.diagnostics:
            graphics.append(Graphic(image, item.values["alt"], item.values["text"], line, item.text_lines.get("text", line)))
    return tuple(graphics)


def interpretation_files(document: Document) -> list[tuple[str, str, int]]:
    """The files an interpretation's parts name: (what, file name, line)."""
    parts = document.interpretation
    if parts is None:
        return []
    files = [("图片", graphic.image, graphic.line) for graphic in parts.graphics]
    if parts.video:
        files.append(("视频", parts.video, document.line_of("video")))
    return files


def interpretation_file_problems(document: Document, assets: frozenset[str]) -> list[Diagnostic]:
    """An image or video an interpretation names must be a file beside it (as attachments are)."""
    folder = document.source.path.removeprefix("content/").rpartition("/")[0]
    return [Diagnostic(document.source.path, line, f"{what}文件不存在：“{name}”（应为 content/{folder}/{name}）")
            for what, name, line in interpretation_files(document) if f"{folder}/{name}" not in assets]


def interpretation_due(policy: Document) -> Workdays:
    """The last day the website inspection accepts for an interpretation of `policy`."""
    return add_workdays(policy.published, INTERPRETATION_WORKDAYS)


def late_interpretation(document: Document, policy: Document) -> Diagnostic | None:
    """An interpretation is released with its policy (the seed: 同步); one published later is a warning,
    which says whether it is still within the inspection's 3 working days (inspection.interpretation_rules
    scores those beyond; a build does not repeat that finding)."""
    if document.published <= policy.published:
        return None
    due = interpretation_due(policy)
    days = (document.published - policy.published).days
    message = (f"解读发布于 {document.published.isoformat()}，比政策文件“{policy.title}”（{policy.published.isoformat()}）晚 {days} 天；"
               "解读应与政策文件同步发布")
    if document.published <= due.day:
        message += f"（仍在网站检查允许的 {INTERPRETATION_WORKDAYS} 个工作日内，最迟 {due.day.isoformat()}{due.note}）"
    else:
        message += f"，已超过网站检查允许的 {INTERPRETATION_WORKDAYS} 个工作日（{due.day.isoformat()}）{due.note}，检查时会扣分"
    return Diagnostic(document.source.path, document.line_of("published"), message, WARNING)

