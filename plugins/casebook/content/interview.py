"""The six editorial questions and how an interview marks its answers.

An interview answers each question under an H2 heading whose id names the
question (``## Where did you nearly give up? {#near-give-up}``). The heading
wording is the editor's; the id is stable, so answers can be linked to and
gathered across interviews on the voices pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casebook.content.problems import Problem, did_you_mean

# In the order an interview asks them.
QUESTIONS = ("usage", "why-fan", "effort", "near-give-up", "comparison", "favourite-features")

INTERVIEW_INTRO = "TODO: one paragraph introducing the customer and the person interviewed."

H2_RE = re.compile(r"^##(?!#)\s*(?P<text>.*?)\s*(?:\{:?\s*#(?P<id>[^\s}]+)[^}]*\})?\s*#*\s*$")


@dataclass(frozen=True)
class Answer:
    """One answer of an interview: the question id, the heading as written, the Markdown."""

    question: str
    heading: str
    markdown: str
    line: int


def split_answers(body: str, first_line: int) -> tuple[list[Answer], list[tuple[int, str, str]]]:
    """Answers under question headings, and every H2 as (line, text, id) for checking."""
    answers: list[Answer] = []
    headings: list[tuple[int, str, str]] = []
    current: tuple[str, str, int] | None = None
    lines: list[str] = []
    fence = False
    for offset, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        match = None if fence else H2_RE.match(line)
        if match is None:
            lines.append(line)
            continue
        if current is not None:
            answers.append(Answer(current[0], current[1], "\n".join(lines).strip(), current[2]))
        heading_id = match.group("id") or ""
        headings.append((first_line + offset, match.group("text"), heading_id))
        current = (heading_id, match.group("text"), first_line + offset) \
            if heading_id in QUESTIONS else None
        lines = []
    if current is not None:
        answers.append(Answer(current[0], current[1], "\n".join(lines).strip(), current[2]))
    return answers, headings


def answer_problems(source: str, headings: list[tuple[int, str, str]],
                    type_line: int) -> list[Problem]:
    """Errors for unknown or repeated question ids; warnings for unanswered questions."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, _text, heading_id in headings:
        if heading_id and heading_id not in QUESTIONS:
            problems.append(Problem(source, line, f"heading id '#{heading_id}' is not one of the "
                                    f"six questions{did_you_mean(heading_id, QUESTIONS)} "
                                    f"(ids: {', '.join(QUESTIONS)})"))
        elif heading_id in seen:
            problems.append(Problem(source, line, f"question '#{heading_id}' is answered twice "
                                    f"(first on line {seen[heading_id]}); merge the answers"))
        elif heading_id:
            seen[heading_id] = line
    if not seen:
        problems.append(Problem(source, type_line, "an interview answers the six questions under "
                                "headings with their ids, e.g. '## Where did you nearly give up? "
                                "{#near-give-up}'; none was found"))
        return problems
    missing = [q for q in QUESTIONS if q not in seen]
    if missing:
        problems.append(Problem(source, type_line, f"this interview does not answer "
                                f"{', '.join('#' + q for q in missing)}", "warning"))
    return problems


def interview_body(questions: dict[str, str], answers: dict[str, str] | None = None,
                   unanswered: str = "TODO") -> str:
    """The introduction and the six questions (``questions``: their wording in the
    draft's language) under their fixed anchors."""
    given = answers or {}
    parts = [f"{INTERVIEW_INTRO}\n"]
    for question in QUESTIONS:
        parts.append(f"## {questions[question]} {{#{question}}}\n\n"
                     f"{given.get(question) or unanswered}\n")
    return "\n".join(parts)
