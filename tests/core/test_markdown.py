"""Markdown is rendered and sanitised on output."""

from ito_portal.core.markdown import render_markdown


def test_markdown_renders_tables_and_code():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```")
    assert "<table>" in html and "<code>" in html


def test_scripts_and_event_handlers_are_stripped():
    html = render_markdown(
        '<script>alert(1)</script><img src="x" onerror="alert(1)"> [x](javascript:alert(1))'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_links_do_not_leak_the_referrer():
    assert 'rel="noopener noreferrer nofollow"' in render_markdown("[site](https://example.com)")
