from documents.markup import Run, markup_blocks, markup_to_html


def test_blank_lines_separate_paragraphs_and_single_newlines_join():
    blocks = markup_blocks("Dòng một\ndòng hai.\n\n  \nĐoạn hai.")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Dòng một dòng hai."),
        ("paragraph", "Đoạn hai."),
    ]


def test_dash_lines_are_list_items_and_indented_lines_continue_them():
    blocks = markup_blocks("Mở đầu:\n- mục một\n  tiếp theo\n- mục hai\nĐoạn sau.")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Mở đầu:"),
        ("item", "mục một tiếp theo"),
        ("item", "mục hai"),
        ("paragraph", "Đoạn sau."),
    ]


def test_bold_and_italic_become_runs_and_nest():
    [block] = markup_blocks("a **đậm *cả hai* đậm** và *nghiêng*")
    assert block.runs == [
        Run("a "),
        Run("đậm ", bold=True),
        Run("cả hai", bold=True, italic=True),
        Run(" đậm", bold=True),
        Run(" và "),
        Run("nghiêng", italic=True),
    ]


def test_lone_asterisks_stay_text():
    [block] = markup_blocks("5 * 3 * 2 và ** không đóng và *")
    assert block.runs == [Run("5 * 3 * 2 và ** không đóng và *")]


def test_html_and_script_are_escaped_never_markup():
    html = markup_to_html('<script>alert(1)</script> <b onclick="x">**đậm**</b>')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b onclick=&quot;x&quot;&gt;<strong>đậm</strong>&lt;/b&gt;" in html


def test_html_has_paragraphs_and_a_dash_list():
    assert markup_to_html("Một\n\n- a\n- b") == (
        '<p>Một</p>\n<ul class="dash-list">\n<li>a</li>\n<li>b</li>\n</ul>'
    )


def test_control_characters_are_dropped():
    [block] = markup_blocks("a\x00b\x0bc\r\nd")
    assert block.text == "abc d"


def test_empty_text_has_no_blocks():
    assert markup_blocks("") == []
    assert markup_blocks(None) == []
    assert markup_to_html("") == ""
