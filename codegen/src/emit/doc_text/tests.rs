//! The rules of [`rustdoc_markdown`](super::rustdoc_markdown), one edge case a row.

use super::rustdoc_markdown;

/// A name, a description (lines joined with `\n`), and what it must become.
const CASES: &[(&str, &str, &str)] = &[
    // Brackets.
    (
        "footnote_brackets_are_escaped",
        "default values for geocode request [20] and for reverse geocode request [1])",
        r"default values for geocode request \[20\] and for reverse geocode request \[1\])",
    ),
    ("go_style_type_reference_is_escaped", "the sum of [Content] size", r"the sum of \[Content\] size"),
    ("intra_doc_looking_code_link_is_escaped", "see [`Thing`]", r"see \[`Thing`\]"),
    (
        "markdown_link_is_kept",
        "See [the docs](https://example.org/docs \"Docs\").",
        "See [the docs](https://example.org/docs \"Docs\").",
    ),
    ("image_is_kept", "![logo](logo.png)", "![logo](logo.png)"),
    ("link_with_nested_brackets_is_kept", "[a [b] c](https://example.org)", "[a [b] c](https://example.org)"),
    ("bracket_then_space_then_parenthesis_is_no_link", "[1] (see below)", r"\[1\] (see below)"),
    (
        "reference_link_with_definition_is_kept",
        "See [the docs][docs] and [Docs].\n\n[docs]: https://example.org/docs",
        "See [the docs][docs] and [Docs].\n\n[docs]: https://example.org/docs",
    ),
    (
        "collapsed_reference_link_is_kept",
        "[docs][]\n\n[docs]: <https://example.org>",
        "[docs][]\n\n[docs]: <https://example.org>",
    ),
    (
        "reference_without_definition_is_escaped",
        "[1] and [2]\n\n[1]: https://example.org/one",
        "[1] and \\[2\\]\n\n[1]: https://example.org/one",
    ),
    (
        "footnote_with_definition_is_kept",
        "Counted twice[^n].\n\n[^n]: See above.",
        "Counted twice[^n].\n\n[^n]: See above.",
    ),
    ("definition_inside_a_paragraph_is_text", "text\n[1]: https://example.org", "text\n\\[1\\]: <https://example.org>"),
    ("definition_with_spaces_is_text", "[1]: not a destination", r"\[1\]: not a destination"),
    ("escaped_brackets_are_kept", r"already \[1\] escaped", r"already \[1\] escaped"),
    ("lone_brackets_are_escaped", "a [ b ] c", r"a \[ b \] c"),
    // URLs.
    (
        "bare_url_is_wrapped",
        "(cf. https://en.wikipedia.org/wiki/Well-known_text now",
        "(cf. <https://en.wikipedia.org/wiki/Well-known_text> now",
    ),
    ("url_in_angle_brackets_is_kept", "see <https://example.org/a>.", "see <https://example.org/a>."),
    ("url_in_code_span_is_kept", "run `curl https://example.org/a`", "run `curl https://example.org/a`"),
    ("trailing_full_stop_stays_outside", "See https://x.org/a.", "See <https://x.org/a>."),
    (
        "trailing_punctuation_stays_outside",
        "(https://x.org/a), \"http://x.org\";",
        "(<https://x.org/a>), \"<http://x.org>\";",
    ),
    ("balanced_parenthesis_stays_inside", "see https://x.org/Foo_(bar).", "see <https://x.org/Foo_(bar)>."),
    ("url_in_bold_is_wrapped_inside", "**https://x.org/a**", "**<https://x.org/a>**"),
    ("url_stops_at_non_ascii", "https://x.org/a’s", "<https://x.org/a>’s"),
    ("scheme_alone_is_left", "http:// is not a URL", "http:// is not a URL"),
    ("url_in_html_attribute_is_kept", "<a href=\"https://x.org\">x</a>", "<a href=\"https://x.org\">x</a>"),
    ("email_autolink_is_kept", "<someone@example.org> [1]", r"<someone@example.org> \[1\]"),
    // HTML.
    ("generic_is_escaped", "a List<String> of names", r"a List\<String> of names"),
    ("placeholders_are_escaped", "`host:port` as <host>:<port>", r"`host:port` as \<host>:\<port>"),
    ("paired_html_is_kept", "some <b>bold</b> and <br> a break", "some <b>bold</b> and <br> a break"),
    ("unopened_closing_tag_is_escaped", "a </foo> b", r"a \</foo> b"),
    ("unclosed_inside_closed_is_escaped", "<span><i>x</span>", r"<span>\<i>x</span>"),
    ("comment_is_kept", "<!-- [1] -->", "<!-- [1] -->"),
    ("unclosed_comment_is_escaped", "a <!-- b", r"a \<!-- b"),
    ("self_closing_void_tag_is_kept", "a<br/>b", "a<br/>b"),
    ("self_closing_tag_that_is_not_void_is_escaped", "an empty <list/>", r"an empty \<list/>"),
    ("self_closing_tag_inside_svg_is_kept", "<svg><path/></svg>", "<svg><path/></svg>"),
    ("unclosed_tag_inside_script_is_kept", "<script>let a = '<b>';</script>", "<script>let a = '<b>';</script>"),
    ("stray_paragraph_tags_become_text", "<p><br /><p>\n\nNote", "\\<p><br />\\<p>\n\nNote"),
    (
        "html_block_is_untouched",
        "<table>\n<tr><td>[1] https://x.org</td></tr>\n</table>\n\n[1] https://x.org",
        "<table>\n<tr><td>[1] https://x.org</td></tr>\n</table>\n\n\\[1\\] <https://x.org>",
    ),
    ("stray_tag_in_html_block_is_an_entity", "<div>\n<p>a\n</div>", "<div>\n&lt;p>a\n</div>"),
    ("less_than_in_prose_is_kept", "a < b and 1<2", "a < b and 1<2"),
    // Code.
    (
        "code_block_is_untouched",
        "```json\n{\"a\": [1], \"b\": \"https://x.org\", \"c\": \"<id>\"}\n```",
        "```json\n{\"a\": [1], \"b\": \"https://x.org\", \"c\": \"<id>\"}\n```",
    ),
    ("tilde_fence_is_untouched", "~~~json\n[1]\n~~~\n[1]", "~~~json\n[1]\n~~~\n\\[1\\]"),
    ("fence_without_language_becomes_text", "```\n{\"a\": 1}\n```", "```text\n{\"a\": 1}\n```"),
    ("tilde_fence_without_language_becomes_text", "~~~\nGET /a\n~~~", "~~~text\nGET /a\n~~~"),
    ("rust_fence_becomes_text", "```rust\nlet a = 1;\n```", "```text\nlet a = 1;\n```"),
    ("attribute_fence_becomes_text", "```{.json}\n{}\n```", "```text\n{}\n```"),
    ("several_language_words_are_kept", "```json,no_run\n{}\n```", "```json,no_run\n{}\n```"),
    (
        "info_string_that_is_no_language_becomes_the_first_line",
        "``` <quantity> ::= <number><suffix>\n<digit> ::= 0 | 1\n```",
        "```text\n<quantity> ::= <number><suffix>\n<digit> ::= 0 | 1\n```",
    ),
    ("fence_in_a_list_item_keeps_its_indent", "- item\n\n  ```\n  {}\n  ```", "- item\n\n  ```text\n  {}\n  ```"),
    ("other_fence_inside_a_fence_is_code", "~~~\n```\n~~~", "~~~text\n```\n~~~"),
    ("code_span_across_lines_is_untouched", "a `[1]\n<id>` b", "a `[1]\n<id>` b"),
    ("double_backtick_code_span_is_untouched", "``a ` [1]`` [2]", r"``a ` [1]`` \[2\]"),
    ("unmatched_backtick_is_text", "a ` [1]", r"a ` \[1\]"),
    (
        "indented_code_becomes_a_text_fence",
        "for example;\n\n    WARNING: <x> [1]\n             more\n\n    again\n\nafter",
        "for example;\n\n```text\nWARNING: <x> [1]\n         more\n\nagain\n```\n\nafter",
    ),
    ("indented_continuation_of_a_paragraph_is_text", "a\n    b [1]", "a\n    b \\[1\\]"),
    ("indented_paragraph_of_a_list_item_is_text", "- item\n\n    more [1]", "- item\n\n    more \\[1\\]"),
    ("code_in_a_list_item_is_fenced", "1. item\n\n       code", "1. item\n\n   ```text\n   code\n   ```"),
    ("unclosed_fence_is_closed", "```\n[1]", "```text\n[1]\n```"),
    ("plain_text_is_kept", "Nothing to see here.", "Nothing to see here."),
];

fn lines(text: &str) -> Vec<String> {
    text.split('\n').map(str::to_owned).collect()
}

#[test]
fn every_case_comes_out_as_expected() {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|&(name, input, expected)| {
            let got = rustdoc_markdown(&lines(input)).join("\n");
            (got != expected)
                .then(|| format!("{name}:\n  input:    {input:?}\n  expected: {expected:?}\n  got:      {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn escaping_twice_changes_nothing_more() {
    for &(name, input, _) in CASES {
        let once = rustdoc_markdown(&lines(input));
        assert_eq!(rustdoc_markdown(&once), once, "{name}");
    }
}

#[test]
fn case_names_are_unique() {
    let mut names: Vec<&str> = CASES.iter().map(|(name, ..)| *name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CASES.len());
}
