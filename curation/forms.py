"""Forms for submitting and moderating questions, reports and revisions."""

from __future__ import annotations

from typing import Any

from django import forms

from curation.services import Content, latest_revision
from questions import rules
from questions.models import Category, Question, Report
from questions.rules import (
    CODE_FIELDS,
    ESSENTIAL_MARK,
    FOLLOW_UPS_RANGE,
    KEY_POINTS_RANGE,
    MAX_ALSO_ASKED_AS,
    MAX_CODE_CHARS,
    MAX_SHORT_ANSWER_LINES,
    PITFALLS_RANGE,
    clean_also_asked_as,
    clean_code,
    code_text,
    follow_ups_as_text,
    follow_ups_from_text,
    items_from_lines,
    key_points_as_lines,
    key_points_from_lines,
    key_points_problem,
    problems_of,
    reference_from_line,
    short_answer_problem,
)


def _raise_problems(problems: list[tuple[int | None, str]]) -> None:
    if problems:
        raise forms.ValidationError([message for _, message in problems])


class SubmissionForm(forms.Form):
    title = forms.CharField(max_length=300, help_text="The question, as an interviewer would ask it.")
    scenario = forms.CharField(
        required=False, max_length=5_000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: the situation it starts from. Markdown.",
    )  # fmt: skip
    answer = forms.CharField(
        required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 10}),
        label="Model answer", help_text="Optional. Markdown, with $LaTeX$ for maths.",
    )  # fmt: skip
    short_answer = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Short answer",
        help_text=f"Optional: at most {MAX_SHORT_ANSWER_LINES} lines.",
    )  # fmt: skip
    key_points = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Optional: {KEY_POINTS_RANGE[0]} to {KEY_POINTS_RANGE[1]}, one per line. Start a line with "
        f"{ESSENTIAL_MARK} for a point a strong answer must contain.",
    )  # fmt: skip
    follow_ups = forms.CharField(
        required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}), label="Follow-ups",
        help_text=f"Optional: {FOLLOW_UPS_RANGE[0]} to {FOLLOW_UPS_RANGE[1]} questions the interviewer would ask "
        "next, from the natural one to the hardest. Start each with “Q:” and its brief answer with “A:” "
        "(2 to 5 sentences, Markdown).",
    )  # fmt: skip
    pitfalls = forms.CharField(
        required=False, max_length=5_000, widget=forms.Textarea(attrs={"rows": 3}), label="Pitfalls",
        help_text=f"Optional: {PITFALLS_RANGE[0]} to {PITFALLS_RANGE[1]} common wrong or weak answers and why they "
        "are wrong, one per line.",
    )  # fmt: skip
    category = forms.ModelChoiceField(Category.objects.all(), to_field_name="slug")
    difficulty = forms.ChoiceField(choices=Question.Difficulty.choices)
    kind = forms.ChoiceField(choices=Question.Kind.choices)
    tags = forms.CharField(required=False, max_length=300, help_text="Comma-separated, e.g. dropout, regularisation")
    references = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: a title, then | and a URL or an arXiv id (1706.03762).",
    )  # fmt: skip
    starter_code = forms.CharField(
        required=False, max_length=MAX_CODE_CHARS, strip=False, label="Starter code",
        widget=forms.Textarea(attrs={"rows": 8, "class": "code-box", "spellcheck": "false", "wrap": "off"}),
        help_text="Coding questions only: the Python the candidate starts from (signatures and docstrings; bodies "
        "that raise NotImplementedError).",
    )  # fmt: skip
    tests = forms.CharField(
        required=False, max_length=MAX_CODE_CHARS, strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "code-box", "spellcheck": "false", "wrap": "off"}),
        help_text="Coding questions only: test_* functions with plain asserts, standard library only. Put the "
        "reference solution in the model answer, as its first ```python block.",
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in CODE_FIELDS:
            data[name] = code_text(data.get(name) or "")
        if "kind" in data:
            # A submission is in review, not published: the fields are checked, and approving
            # checks that a coding question has both (curation.services.approve_submission).
            clean_code(
                kind=data["kind"], starter_code=data["starter_code"], tests=data["tests"], published=False,
                bad=lambda where, message: self.add_error(where[0] if isinstance(where, tuple) else where, message),
            )  # fmt: skip
        return data

    def clean_short_answer(self) -> str:
        text = self.cleaned_data["short_answer"].strip()
        if message := short_answer_problem(text):
            raise forms.ValidationError(message)
        return text

    def clean_key_points(self) -> list[str]:
        points, self.essential_points = key_points_from_lines(self.cleaned_data["key_points"])
        if message := key_points_problem(points):
            raise forms.ValidationError(message)
        return points

    def clean_follow_ups(self) -> list[dict[str, str]]:
        try:
            typed = follow_ups_from_text(self.cleaned_data["follow_ups"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        follow_ups, problems = problems_of(rules.clean_follow_ups, typed)
        _raise_problems(problems)
        return follow_ups

    def clean_pitfalls(self) -> list[str]:
        pitfalls, problems = problems_of(rules.clean_pitfalls, items_from_lines(self.cleaned_data["pitfalls"]))
        _raise_problems(problems)
        return pitfalls

    def clean_tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()][:8]

    def clean_references(self) -> list[dict[str, Any]]:
        refs = []
        for number, line in enumerate(self.cleaned_data["references"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                refs.append(reference_from_line(line))
            except ValueError as exc:
                raise forms.ValidationError(f"Reference {number} {exc}.") from None
        return refs

    def content(self) -> Content:
        data = self.cleaned_data
        return Content(
            title=data["title"], category=data["category"], difficulty=data["difficulty"], kind=data["kind"],
            scenario=data["scenario"], answer=data["answer"], short_answer=data["short_answer"],
            key_points=data["key_points"], tags=data["tags"], references=data["references"],
            essential_points=self.essential_points, follow_ups=data["follow_ups"], pitfalls=data["pitfalls"],
            starter_code=data["starter_code"], tests=data["tests"],
        )  # fmt: skip

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        lines = [f"{r['title']} | {r.get('arxiv') or r.get('url', '')}".rstrip(" |") for r in question.references]
        return {
            "title": question.title, "scenario": question.body, "answer": question.answer,
            "short_answer": question.short_answer,
            "key_points": key_points_as_lines(question.key_points, question.essential_points),
            "follow_ups": follow_ups_as_text(question.follow_ups), "pitfalls": "\n".join(question.pitfalls),
            "category": question.category.slug, "difficulty": question.difficulty, "kind": question.kind,
            "tags": ", ".join(t.slug for t in question.tags.all()), "references": "\n".join(lines),
            "starter_code": question.starter_code, "tests": question.tests,
        }  # fmt: skip


def _shown(value: Any) -> str:
    """A field's value as the conflict panel shows and compares it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value if value is not None else "").replace("\r\n", "\n").strip()


class StartsFromRevision(forms.Form):
    """The revision the editor opened, sent back with the edit; curation.services refuses an
    edit from an older one (StaleEdit), and differences() lists what was saved meanwhile."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "This page is out of date: open it again and redo your edit."},
    )

    def differences(self, saved: dict[str, Any]) -> list[dict[str, str]]:
        """Each field where what the editor sent differs from `saved` (initial_for of the question
        as it is now): its label, the saved value and theirs."""
        rows = []
        for name in self.fields:
            if name in {"revision", "reason"} or name not in saved:
                continue
            yours, now = _shown(self[name].value()), _shown(saved[name])
            if yours != now:
                rows.append({"label": str(self[name].label), "saved": now, "yours": yours})
        return rows


class ModerationForm(StartsFromRevision, SubmissionForm):
    """A curator's edit of a submission on the moderation page."""

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        return {**SubmissionForm.initial_for(question), "revision": latest_revision(question)}


class ReportForm(forms.Form):
    kind = forms.ChoiceField(choices=Report.Kind.choices, label="What is the problem?")
    comment = forms.CharField(required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}))


class QuestionEditForm(StartsFromRevision, SubmissionForm):
    """A curator's edit of any question: every field of a submission, plus what only curators set,
    and why (the reason is what the revision records)."""

    commonly_asked = forms.BooleanField(required=False, help_text="Shown with the “commonly asked” badge.")
    last_reviewed = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Last reviewed",
        help_text="When the content was last checked against the sources, e.g. 2026-12-02; empty for never.",
    )  # fmt: skip
    related = forms.CharField(
        required=False, max_length=1_000, label="Related questions",
        help_text="Comma-separated slugs of other questions, e.g. bayes-rule, vision-transformer",
    )  # fmt: skip
    also_asked_as = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Also asked as",
        help_text=f"Other ways people ask it, one per line (at most {MAX_ALSO_ASKED_AS}); search reads them.",
    )  # fmt: skip
    reason = forms.CharField(
        max_length=100, label="Why this edit",
        help_text="Required; recorded on the revision, e.g. “fixed the sign in the gradient”.",
    )  # fmt: skip

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        self.question = question
        super().__init__(*args, **kwargs)

    def clean_references(self) -> list[dict[str, Any]]:
        # The one-line format has no room for authors and year; a reference whose title and
        # link are unchanged keeps the ones it had, so an edit elsewhere never drops them.
        before = {(r.get("title"), r.get("arxiv") or r.get("url")): r for r in self.question.references}
        return [
            {**before.get((ref["title"], ref.get("arxiv") or ref.get("url")), {}), **ref}
            for ref in super().clean_references()
        ]

    def clean_related(self) -> list[Question]:
        slugs = list(dict.fromkeys(s.strip() for s in self.cleaned_data["related"].split(",") if s.strip()))
        found = {q.slug: q for q in Question.objects.filter(slug__in=slugs).exclude(pk=self.question.pk)}
        missing = [s for s in slugs if s not in found]
        if missing:
            raise forms.ValidationError(f"No other question has the slug {', '.join(missing)}.")
        return [found[s] for s in slugs]

    def clean_also_asked_as(self) -> list[str]:
        problems: list[str] = []
        phrasings = clean_also_asked_as(
            items_from_lines(self.cleaned_data["also_asked_as"]), lambda _, message: problems.append(message)
        )
        if problems:
            raise forms.ValidationError(problems)
        return phrasings

    def content(self) -> Content:
        content = super().content()
        content.commonly_asked = self.cleaned_data["commonly_asked"]
        content.last_reviewed = self.cleaned_data["last_reviewed"]
        content.related = self.cleaned_data["related"]
        content.also_asked_as = self.cleaned_data["also_asked_as"]
        return content

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        return {
            **SubmissionForm.initial_for(question),
            "commonly_asked": question.commonly_asked,
            "last_reviewed": question.last_reviewed.isoformat() if question.last_reviewed else "",
            "related": ", ".join(q.slug for q in question.related.order_by("slug")),
            "also_asked_as": "\n".join(question.also_asked_as),
            "revision": latest_revision(question),
        }
