"""Markdown with LaTeX math to sanitised HTML.

Math (`$...$`, `$$...$$`) becomes MathML on the server, so a page shows formulas without
JavaScript. Raw HTML in the source is escaped by the parser, and the output goes through an
allow-list sanitiser (nh3) as a second line of defence: only the tags and attributes below
survive, and links keep only http(s), mailto and relative targets.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from latex2mathml.converter import convert as latex_to_mathml
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from mdit_py_plugins.dollarmath import dollarmath_plugin

MATHML_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
    "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror",
}  # fmt: skip
MATHML_ATTRIBUTES = {
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "accent",
    "accentunder", "linethickness", "columnalign", "rowspacing", "columnspacing", "width",
    "height", "depth", "displaystyle", "scriptlevel", "notation", "form", "largeop",
    "movablelimits", "symmetric", "minsize", "maxsize", "encoding",
}  # fmt: skip

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "s",
    "code", "pre", "kbd", "sub", "sup", "blockquote", "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td", "span", "div",
} | MATHML_TAGS  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "ol": {"start"},
    "span": {"class"},
    "div": {"class"},
    **{tag: set(MATHML_ATTRIBUTES) for tag in MATHML_TAGS},
    "math": set(MATHML_ATTRIBUTES) | {"xmlns"},
}
URL_SCHEMES = {"http", "https", "mailto"}


# latex2mathml knows \argmax and \argmin but prints `\arg\max` as the text "\arg", and spells
# \operatorname{arg\,max} letter by letter after an empty operator; both become its own command.
# A lone \arg (the angle of a complex number) becomes an operator name it does know.
ARG_OPERATORS = [
    (re.compile(r"\\arg\s*\\(max|min)(?![A-Za-z])"), r"\\arg\1"),
    (re.compile(r"\\operatorname\*?\{\s*arg\s*(?:\\[,;!: ]\s*)?(max|min)\s*\}"), r"\\arg\1"),
    (re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}"),
]


def _latex_for_mathml(content: str) -> str:
    """LaTeX rewritten where latex2mathml would otherwise print a command as text."""
    for pattern, replacement in ARG_OPERATORS:
        content = pattern.sub(replacement, content)
    return content


def _render_math(content: str, *, display: bool) -> str:
    try:
        mathml = latex_to_mathml(_latex_for_mathml(content), display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds on bad input; show the source instead.
        return f'<code class="math-error">{html.escape(content)}</code>'
    return f'<div class="math-display">{mathml}</div>' if display else mathml


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(dollarmath_plugin, allow_space=True, double_inline=True)

    def math_inline(self: RendererHTML, tokens, idx, options, env) -> str:
        return _render_math(tokens[idx].content, display=False)

    def math_block(self: RendererHTML, tokens, idx, options, env) -> str:
        return _render_math(tokens[idx].content, display=True)

    md.add_render_rule("math_inline", math_inline)
    md.add_render_rule("math_inline_double", math_block)
    md.add_render_rule("math_block", math_block)
    md.add_render_rule("math_block_label", math_block)
    return md


_PARSER = _build_parser()


def sanitise_html(raw: str) -> str:
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Return sanitised HTML for a Markdown source with `$`/`$$` LaTeX math."""
    if not source.strip():
        return ""
    return sanitise_html(_PARSER.render(source))


@lru_cache(maxsize=8192)
def render_snippet(source: str, *, inline: bool = False) -> str:
    """Sanitised HTML for a short Markdown text (a follow-up, a pitfall), `inline` without the
    enclosing paragraph. These are rendered when shown instead of stored beside the question:
    each is a few sentences, and the cache keyed by the text makes every later view free."""
    if not source.strip():
        return ""
    return sanitise_html(_PARSER.renderInline(source) if inline else _PARSER.render(source))


def follow_up_items(follow_ups: list[dict[str, str]]) -> list[dict[str, object]]:
    """Follow-ups as pages and Anki show them: the probe and its brief answer, rendered."""
    return [
        {
            "number": i + 1,
            "question": f["question"],
            "question_html": render_snippet(f["question"], inline=True),
            "answer": f["answer"],
            "answer_html": render_snippet(f["answer"]),
        }
        for i, f in enumerate(follow_ups)
    ]


def pitfall_items(pitfalls: list[str]) -> list[str]:
    """Pitfalls rendered inline (they may hold maths), sanitised."""
    return [render_snippet(p, inline=True) for p in pitfalls]
