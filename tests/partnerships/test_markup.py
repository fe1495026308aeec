"""Clause text's small safe markup: paragraphs, lists and bold, and never raw HTML."""

from partnerships.markup import render_markup, summary


def test_paragraphs_bullets_numbers_and_bold():
    html = render_markup("Intro with **bold** words.\n\n- first\n- second\n\n1. one\n2. two\nLast line")
    assert html == (
        "<p>Intro with <strong>bold</strong> words.</p>"
        "<ul><li>first</li><li>second</li></ul>"
        "<ol><li>one</li><li>two Last line</li></ol>"
    )


def test_typed_html_prints_literally():
    html = render_markup('<img src="file:///etc/passwd"> <script>alert(1)</script> **<b>x</b>**')
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "<strong>&lt;b&gt;x&lt;/b&gt;</strong>" in html


def test_numbered_list_keeps_its_first_number_and_govuk_classes_on_the_web():
    html = render_markup("3. third\n4. fourth", govuk=True)
    assert html == '<ol class="govuk-list govuk-list--number" start="3"><li>third</li><li>fourth</li></ol>'


def test_single_line_breaks_stay_and_lone_asterisks_are_text():
    assert render_markup("a\nb * c ** d") == "<p>a<br>b * c ** d</p>"


def test_a_summary_is_plain_words_without_the_markup():
    body = "**The Trust will:**\n\n- visit each term\n- share its policies.\n\n1. first\n2. second\n\nLast *word*."
    assert summary(body, 200) == (
        "The Trust will: visit each term; share its policies. 1. first; 2. second; Last *word*."
    )


def test_a_summary_keeps_typed_html_as_text_for_the_template_to_escape():
    assert summary("- <script>alert(1)</script>\n- **<b>x</b>**", 200) == "<script>alert(1)</script>; <b>x</b>"


def test_a_long_summary_is_cut_at_a_word_with_an_ellipsis():
    assert summary("Each party will keep the other's information confidential.", 30) == "Each party will keep the…"
    assert summary("aaa bbb ccc ddd", 12) == "aaa bbb ccc…"
    assert summary("W" * 300, 20) == "W" * 19 + "…"
