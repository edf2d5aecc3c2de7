"""A seeded synthetic Casebook project of N stories, outside the repository.

Bodies are 600-1,500 words (English) or the same length in Japanese, with
headings and lists, drawn from the sample site's vocabularies; one story in
ten is an interview answering the six questions. The same seed gives the
same corpus, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from bench.aside import set_aside
from bench.photos import write_photo
from casebook.content.interview import QUESTIONS

REPO = Path(__file__).resolve().parents[1]

EN_WORDS = (
    "approval workflow onboarding dashboard audit inspection schedule dispatch invoice "
    "contract renewal escalation handover checklist integration export import mobile "
    "offline form signature template report deadline reminder owner queue ticket customer "
    "supplier warehouse shipment clinic patient branch store roster shift permit council "
    "student teacher lender credit compliance policy record evidence training champion "
    "pilot rollout adoption spreadsheet email paper phone tablet team manager director "
    "operations finance quality safety maintenance procurement service support partner "
    "region plant line terminal driver nurse inspector analyst auditor weekly monthly "
    "faster fewer clearer simpler safer visible traceable automatic manual shared"
).split()
EN_GLUE = (
    "the a our their every each with without before after while because so and"
).split()
JA_WORDS = (
    "承認 ワークフロー 導入 ダッシュボード 監査 検査 スケジュール 配車 請求書 契約 更新 エスカレーション 引き継ぎ チェックリスト 連携 出力 取り込み モバイル "
    "オフライン フォーム 電子署名 テンプレート 報告 期限 通知 担当者 顧客 取引先 倉庫 出荷 診療所 患者 支店 店舗 シフト 許可 学生 教員 与信 "
    "コンプライアンス 記録 証跡 研修 推進役 試行 展開 定着 表計算 メール 紙 電話 タブレット 現場 部長 業務 経理 品質 安全 保守 調達 工場 ライン"
).split()
JA_GLUE = (
    "を が で に と は から まで の も"
).split()
QUERIES_EN = [
    "approval workflow", "onboarding", "dashboard", "audit trail", "inspection", "dispatch",
    "invoice approval", "contract renewal", "escalation", "mobile offline", "e-signature",
    "spreadsheet", "integration", "compliance evidence", "training", "rollout", "shift roster",
    "permit", "credit", "warehouse shipment", "clinic patient", "quality inspection",
    "maintenance schedule", "procurement", "supplier", "report deadline", "paper forms",
    "traceable record", "manager dashboard", "export",
]
QUERIES_JA = [
    "承認", "ワークフロー", "ダッシュボード", "監査", "検査", "配車", "請求書", "契約更新",
    "モバイル", "電子署名", "表計算", "連携", "研修", "シフト", "与信", "出荷", "品質", "保守",
    "調達", "紙",
]
QUERIES = [(q, "en") for q in QUERIES_EN] + [(q, "ja") for q in QUERIES_JA]


EN_SYLLABLES = ["ka", "lo", "mi", "ter", "ran", "sel", "vo", "dun", "par", "tis", "ex", "con", "pro", "ble", "ment", "ing", "ful", "or", "al", "ri"]
JA_SYLLABLES = list("かきくけこさしすせそたちつてとなにぬねのまみむめもらりるれろ")


class Lexicon:
    """Words with a Zipf-like frequency: a few very common, most rare, as in real text.

    The domain words (what people search for) sit at middle ranks among
    thousands of invented filler words, so a query matches a realistic share
    of stories instead of all of them.
    """

    def __init__(self, seed: int, domain: list[str], syllables: list[str], joiner: str,
                 size: int = 4000) -> None:
        rng = random.Random(seed)
        filler: list[str] = []
        seen = set(domain)
        while len(filler) < size:
            word = joiner.join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                filler.append(word)
        words = filler[:30]
        step = max(1, (len(filler) - 30) // len(domain))
        rest = filler[30:]
        for n, term in enumerate(domain):
            words += rest[n * step:(n + 1) * step] + [term]
        words += rest[len(domain) * step:]
        self.words = words
        weights = [1 / (rank + 1) ** 1.07 for rank in range(len(words))]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def sample(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


LEXICONS = {
    "en": Lexicon(7, EN_WORDS, EN_SYLLABLES, ""),
    "ja": Lexicon(11, JA_WORDS, JA_SYLLABLES, ""),
}


def _sentence(rng: random.Random, lang: str) -> str:
    words = LEXICONS[lang].sample(rng, rng.randint(6, 14))
    if lang == "ja":
        return "".join(w + rng.choice(JA_GLUE) for w in words) + "改善しました。"
    glued = [w if n % 3 else f"{rng.choice(EN_GLUE)} {w}" for n, w in enumerate(words)]
    return " ".join(glued).capitalize() + "."


def _body(rng: random.Random, lang: str, interview: bool) -> str:
    target = rng.randint(600, 1500)
    headings = [f"## {q} {{#{q}}}" for q in QUESTIONS] if interview else [
        f"## {rng.choice(EN_WORDS).capitalize()} {rng.choice(EN_WORDS)}" for _ in range(4)]
    blocks, words, section = [], 0, 0
    while words < target:
        if words >= section * target / len(headings) and section < len(headings):
            blocks.append(headings[section])
            section += 1
        if rng.random() < 0.15:
            items = [f"- {_sentence(rng, lang)}" for _ in range(rng.randint(3, 5))]
            blocks.append("\n".join(items))
        else:
            paragraph = " ".join(_sentence(rng, lang) for _ in range(rng.randint(3, 6)))
            blocks.append(paragraph)
        words = sum(len(b.split()) if lang == "en" else len(b) // 2 for b in blocks)
    for heading in headings[section:]:  # every interview answers all six questions
        blocks += [heading, _sentence(rng, lang)]
    return "\n\n".join(blocks) + "\n"


def _front_matter(rng: random.Random, n: int, lang: str, interview: bool,
                  features: list[str], industries: list[str]) -> str:
    date = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 1700))
    chosen = rng.sample(features, rng.randint(1, 3))
    customer = f"Synthetic Customer {n:05d}" if lang == "en" else f"合成顧客{n:05d}株式会社"
    lines = [
        "---",
        f'title: "{customer} {rng.choice(EN_WORDS)} story {n}"',
        f'customer: "{customer}"',
        f"industry: {rng.choice(industries)}",
        f"features: [{', '.join(chosen)}]",
        f"date: {date.isoformat()}",
        f'summary: "{_sentence(rng, lang)}"',
        "status: published",
        f"approval: {{by: Reviewer, date: {date.isoformat()}}}",
        f"company_size: {rng.choice(['1-50', '51-200', '201-1000', '1001-5000', '5000+'])}",
        f"lang: {lang}",
    ]
    if interview:
        lines += ["type: interview", 'interviewees: [{name: "Pat Example", role: "COO"}]']
    return "\n".join(lines) + "\n---\n\n"


def _ids(path: Path) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in path.read_text().splitlines()
            if line.startswith("- id:")]


PHOTOS_PER_STORY = 3


def _photo_story(folder: Path, text: str, photos: int, rng: random.Random) -> None:
    """Write ``text`` as the bundle ``folder/index.md`` that shows ``photos`` photos."""
    folder.mkdir()
    figures = []
    for number in range(1, photos + 1):
        write_photo(folder / f"photo-{number}.jpg", rng)
        figures.append(f"![Photo {number} of {folder.name}](photo-{number}.jpg)")
    (folder / "index.md").write_text(text + "\n" + "\n\n".join(figures) + "\n",
                                     encoding="utf-8")


NO_CARDS = "nocards.py"  # the corpus's settings with social cards off


def make_corpus(root: Path, stories: int, seed: int = 20261123, ja_share: float = 0.2,
                photos: int = 0, cards: bool = True) -> Path:
    """Write the project into ``root`` (replaced if it exists) and return it.

    ``photos`` synthetic photos go, three to a story, into page bundles
    ``stories/<slug>/index.md``; stories without photos are single files.
    ``pelicanconf.py`` has the settings a user gets (social cards on unless
    ``cards`` is False); ``nocards.py`` is the same with social cards off.
    """
    set_aside(root, root.parent)  # not deleted: see bench.aside
    (root / "stories").mkdir(parents=True)
    shutil.copytree(REPO / "content" / "taxonomies", root / "content" / "taxonomies")
    shutil.copytree(REPO / "content" / "search", root / "content" / "search")
    features = _ids(root / "content/taxonomies/features.yml")
    industries = _ids(root / "content/taxonomies/industries.yml")
    rng = random.Random(seed)
    photo_rng = random.Random(seed + 1)  # a stream of its own: the text stays the same
    for n in range(stories):
        lang = "ja" if rng.random() < ja_share else "en"
        interview = rng.random() < 0.1
        text = _front_matter(rng, n, lang, interview, features, industries)
        text += _body(rng, lang, interview)
        shown = min(PHOTOS_PER_STORY, photos - n * PHOTOS_PER_STORY)
        if shown > 0:
            _photo_story(root / "stories" / f"story-{n:05d}", text, shown, photo_rng)
        else:
            (root / "stories" / f"story-{n:05d}.md").write_text(text, encoding="utf-8")
    (root / "pelicanconf.py").write_text(
        f"exec(open({str(REPO / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
        f"PATH = '.'\nTHEME = {str(REPO / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(REPO / 'plugins')!r}]\nCASEBOOK_SITE_IMAGE = None\n"
        "CASEBOOK_TODAY = '2026-11-01'\n"
        + ("" if cards else "CASEBOOK_SOCIAL_CARDS = False\n"),
        encoding="utf-8",
    )
    (root / NO_CARDS).write_text(
        "exec(open(__file__.replace('nocards.py', 'pelicanconf.py'), encoding='utf-8').read())\n"
        "CASEBOOK_SOCIAL_CARDS = False\n", encoding="utf-8")
    return root


def story_files(root: Path) -> list[Path]:
    """Every story file of a corpus: single files and bundles' ``index.md``, in order."""
    stories = root / "stories"
    return sorted([*stories.glob("*.md"), *stories.glob("*/index.md")])


def story_slug(path: Path) -> str:
    """The slug Casebook gives a story: the file name, or the bundle's folder name."""
    return path.parent.name if path.name == "index.md" else path.stem


def english_story(root: Path) -> Path:
    """The first English story that is not an interview (its page is /stories/<slug>/)."""
    for path in story_files(root):
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        if "\nlang: en\n" in f"{head}\n" and "\ntype: interview" not in head:
            return path
    raise ValueError(f"{root} has no English story that is not an interview")


def append_sentence(path: Path, word: str) -> None:
    """Add a paragraph naming ``word`` at the end of the story's body, as an editor would."""
    with path.open("a", encoding="utf-8") as story:
        story.write(f"\nAfter the rollout the team added {word} to every weekly checklist.\n")
