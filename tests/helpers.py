"""Shared test helpers."""

from html.parser import HTMLParser

VOID = {"meta", "link", "br", "img", "hr", "input", "source", "track", "wbr", "col", "area", "base"}


class TagBalance(HTMLParser):
    """Checks that every opened element is closed in order, and collects tags and ids."""

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.tags, self.ids = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if dict(attrs).get("id"):
            self.ids.append(dict(attrs)["id"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()


def check_html(html: str) -> TagBalance:
    parser = TagBalance()
    parser.feed(html)
    parser.close()
    assert not parser.errors, parser.errors
    assert not parser.stack, f"unclosed: {parser.stack}"
    assert len(parser.ids) == len(set(parser.ids)), "duplicate ids"
    return parser
