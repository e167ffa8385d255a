from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from questions.markdown import render_markdown
from tests.factories import QuestionFactory

HOSTILE = [
    "<script>alert('x')</script>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)>",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "[x](JaVaScRiPt:alert(1))",
    "$\\href{javascript:alert(1)}{x}$",
]


class ElementCollector(HTMLParser):
    """The elements and attributes a browser would build from the HTML (text is ignored)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = ElementCollector()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize("source", HOSTILE)
def test_it_neutralises_hostile_markdown(source):
    for tag, attrs in elements(render_markdown(source)):
        assert tag not in {"script", "iframe", "svg", "object", "embed", "style"}
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)


def test_it_escapes_raw_html_as_text_instead_of_running_it():
    html = render_markdown("<b onclick=alert(1)>bold</b>")
    assert "&lt;b onclick=alert(1)&gt;" in html
    assert "<b" not in html


def test_it_renders_math_to_mathml():
    html = render_markdown("Inline $x^2$ and display:\n\n$$\n\\frac{a}{b}\n$$\n")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in html
    assert 'display="block"' in html
    assert "<mfrac>" in html


def test_bad_latex_shows_its_source_instead_of_failing():
    html = render_markdown(r"$\left( x$")
    assert 'class="math-error"' in html


def test_it_renders_tables_code_and_safe_links():
    html = render_markdown(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n\n[paper](https://arxiv.org/abs/1706.03762)"
    )
    assert "<table>" in html and "<td>1</td>" in html
    assert '<code class="language-python">' in html
    assert 'href="https://arxiv.org/abs/1706.03762"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


@pytest.mark.django_db
def test_saving_a_question_stores_sanitised_html():
    question = QuestionFactory(answer="Hi <script>alert(1)</script> $y$", body="Scenario **bold**")
    assert "<script" not in question.answer_html
    assert "<math" in question.answer_html
    assert question.body_html == "<p>Scenario <strong>bold</strong></p>\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x"]
)
def test_the_question_page_never_links_a_reference_url_that_is_not_http(client, url):
    # Defence in depth: Question.clean() and the bank reader refuse these, but a row written
    # some other way must still not become a link.
    question = QuestionFactory(
        references=[{"title": "evil", "url": url}, {"title": "fine", "url": "https://ok.example"}]
    )
    body = client.get(question.get_absolute_url()).content.decode()
    hrefs = [attrs.get("href") or "" for tag, attrs in elements(body) if tag == "a"]
    assert "https://ok.example" in hrefs
    assert not [h for h in hrefs if not h.startswith(("/", "#", "?", "http://", "https://"))], hrefs
    assert "evil" in body  # the title is still shown, as text


@pytest.mark.parametrize(
    "latex",
    [r"\arg\max_x f(x)", r"\arg \min_k d_k", r"\operatorname{arg\,max}_a Q", r"\operatorname*{arg\,min}_w L"],
)
def test_arg_max_and_arg_min_render_as_one_operator_not_as_text(latex):
    html = render_markdown(f"$${latex}$$")
    assert "\\arg" not in html and "<mo />" not in html
    assert re.search(r'<mo movablelimits="true">arg.(max|min)</mo>', html), html


def test_a_lone_arg_is_the_operator_name():
    assert "<mo>arg</mo>" in render_markdown(r"$\arg(z)$")
