//! The inline structure of a run of prose lines: code spans, escapes, autolinks, HTML tags,
//! links, and the brackets and bare URLs that are none of these.

use std::collections::HashSet;
use std::ops::Range;

/// What the inline scan found that matters.
#[derive(Debug)]
pub(super) enum Token {
    /// A `\` goes before this offset.
    Escape(usize),
    /// A bare URL, to wrap in `<…>`.
    Url(Range<usize>),
    /// An HTML tag at this offset, copied as is unless it is stray.
    Tag(usize, Tag),
}

/// An HTML open or closing tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Tag {
    /// Lower case.
    pub(super) name: String,
    closing: bool,
    self_closing: bool,
}

/// What starts at a `<`.
pub(super) enum Html {
    Tag(Tag),
    /// A comment, processing instruction, declaration or CDATA section: copied as is.
    Other,
}

/// The inline tokens of `range` of `text`, a run of prose lines. A tag at an offset in `stray` is
/// escaped and read on as text.
pub(super) fn scan_inline(
    text: &str,
    range: Range<usize>,
    labels: &HashSet<String>,
    stray: &HashSet<usize>,
) -> Vec<Token> {
    let mut tokens = Vec::new();
    let span = &text[..range.end];
    let bytes = span.as_bytes();
    let mut i = range.start;
    while i < range.end {
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 2,
            b'`' => i = code_span_end(span, i),
            b'<' => {
                if let Some(len) = autolink_len(&span[i..]) {
                    i += len;
                } else if span[i..].starts_with("<!--") && !span[i..].contains("-->") {
                    // An unclosed comment would hide the rest of the docs.
                    tokens.push(Token::Escape(i));
                    i += 1;
                } else if let Some((len, html)) = html_at(&span[i..]) {
                    if stray.contains(&i) {
                        tokens.push(Token::Escape(i));
                        i += 1;
                    } else {
                        if let Html::Tag(tag) = html {
                            tokens.push(Token::Tag(i, tag));
                        }
                        i += len;
                    }
                } else {
                    i += 1;
                }
            }
            b'[' => match link_len(span, i, labels) {
                Some(len) => i += len,
                None => {
                    tokens.push(Token::Escape(i));
                    i += 1;
                }
            },
            b']' => {
                tokens.push(Token::Escape(i));
                i += 1;
            }
            b'h' if span[i..].starts_with("http://") || span[i..].starts_with("https://") => {
                let end = url_end(span, i);
                if end > span[i..].find("//").map_or(i, |slashes| i + slashes + 2) {
                    tokens.push(Token::Url(i..end));
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    tokens
}

/// The tags of an HTML block's line (no Markdown inside HTML blocks).
pub(super) fn scan_html(text: &str, range: Range<usize>) -> Vec<(usize, Tag)> {
    let mut tags = Vec::new();
    let mut i = range.start;
    while let Some(found) = text[i..range.end].find('<') {
        i += found;
        match html_at(&text[i..]) {
            Some((len, html)) => {
                if let Html::Tag(tag) = html {
                    tags.push((i, tag));
                }
                i += len;
            }
            None => i += 1,
        }
    }
    tags
}

/// Offsets of the tags rustdoc's `invalid_html_tags` would report, by its rules: an open tag
/// left unclosed (or closed only with an outer one), void elements aside and a `<script>`'s or
/// `<style>`'s contents unchecked; a closing tag with no open one; a self-closing tag (`<p/>`)
/// that is not void, outside SVG and MathML.
pub(super) fn stray_tags(tags: &[(usize, Tag)]) -> HashSet<usize> {
    let mut stray = HashSet::new();
    let mut open: Vec<(usize, &str)> = Vec::new();
    for (at, tag) in tags {
        if tag.self_closing {
            if !is_void(&tag.name) && !open.iter().any(|(_, name)| ["svg", "math"].contains(name)) {
                stray.insert(*at);
            }
            continue;
        }
        if !tag.closing {
            open.push((*at, &tag.name));
            continue;
        }
        match open.iter().rposition(|(_, name)| *name == tag.name) {
            Some(position) => {
                let raw = open[..=position].iter().any(|(_, name)| ["script", "style"].contains(name));
                let unclosed = open.drain(position..).skip(1).filter(|_| !raw);
                stray.extend(unclosed.filter(|(_, name)| !is_void(name)).map(|(at, _)| at));
            }
            None => {
                stray.insert(*at);
            }
        }
    }
    stray.extend(open.into_iter().filter(|(_, name)| !is_void(name)).map(|(at, _)| at));
    stray
}

/// Past the code span that starts at `at` (a run of backticks), or past the run when no run of
/// the same length closes it (then the backticks are text).
fn code_span_end(text: &str, at: usize) -> usize {
    let run = |from: usize| text[from..].bytes().take_while(|&b| b == b'`').count();
    let n = run(at);
    let mut i = at + n;
    while let Some(found) = text[i..].find('`') {
        let start = i + found;
        let len = run(start);
        if len == n {
            return start + len;
        }
        i = start + len;
    }
    at + n
}

/// The length of the autolink (`<https://…>`, `<name@example.org>`) that starts `s`.
fn autolink_len(s: &str) -> Option<usize> {
    let end = s[1..].find(|c: char| c == '>' || c == '<' || c.is_whitespace() || c.is_control())? + 1;
    if s.as_bytes()[end] != b'>' {
        return None;
    }
    let inside = &s[1..end];
    let is_uri = inside.split_once(':').is_some_and(|(scheme, _)| {
        (2..=32).contains(&scheme.len())
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
    });
    let is_email = inside.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && local.bytes().all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b))
            && !domain.is_empty()
            && domain.bytes().all(|b| b.is_ascii_alphanumeric() || b".-".contains(&b))
    });
    (is_uri || is_email).then_some(end + 1)
}

/// The length and kind of the HTML construct that starts `s` (at a `<`), when it is one.
pub(super) fn html_at(s: &str) -> Option<(usize, Html)> {
    for (start, end) in [("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>")] {
        if let Some(rest) = s.strip_prefix(start) {
            let len = if start == "<!--" && (rest.starts_with('>') || rest.starts_with("->")) {
                rest.find('>')? + 1
            } else {
                rest.find(end)? + end.len()
            };
            return Some((start.len() + len, Html::Other));
        }
    }
    if s[1..].starts_with('!') && s[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some((s.find('>')? + 1, Html::Other));
    }
    let bytes = s.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let mut i = if closing { 2 } else { 1 };
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let name_start = i;
    while bytes.get(i).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-') {
        i += 1;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    if !closing {
        loop {
            let spaced = skip_whitespace(bytes, i);
            if spaced == i || !bytes.get(spaced).is_some_and(|&b| b.is_ascii_alphabetic() || b"_:".contains(&b)) {
                break;
            }
            i = spaced;
            while bytes.get(i).is_some_and(|&b| b.is_ascii_alphanumeric() || b"_.:-".contains(&b)) {
                i += 1;
            }
            let before_value = skip_whitespace(bytes, i);
            if bytes.get(before_value) == Some(&b'=') {
                i = attribute_value_end(s, skip_whitespace(bytes, before_value + 1))?;
            }
        }
    }
    i = skip_whitespace(bytes, i);
    let self_closing = !closing && bytes.get(i) == Some(&b'/');
    if self_closing {
        i += 1;
    }
    (bytes.get(i) == Some(&b'>')).then(|| (i + 1, Html::Tag(Tag { name, closing, self_closing })))
}

/// Past spaces, tabs and at most one line break.
fn skip_whitespace(bytes: &[u8], mut i: usize) -> usize {
    let mut breaks = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' => {}
            b'\n' if breaks == 0 => breaks += 1,
            _ => break,
        }
        i += 1;
    }
    i
}

/// Past an attribute value (quoted, or unquoted up to a space or `>`).
fn attribute_value_end(s: &str, at: usize) -> Option<usize> {
    match s.as_bytes().get(at)? {
        quote @ (b'"' | b'\'') => Some(at + 1 + s[at + 1..].find(char::from(*quote))? + 1),
        _ => {
            let len = s[at..].find(|c: char| c.is_ascii_whitespace() || "\"'=<>`".contains(c)).unwrap_or(s.len() - at);
            (len > 0).then_some(at + len)
        }
    }
}

/// The length of the link that starts at the `[` at `at`: inline (`[text](url)`), or a reference
/// or footnote whose definition is in `labels` (`[text][label]`, `[label][]`, `[label]`). Images
/// (`![…]`) are the same after their `!`.
fn link_len(text: &str, at: usize, labels: &HashSet<String>) -> Option<usize> {
    let close = bracket_end(text, at)?;
    let after = close + 1;
    if text[after..].starts_with('(')
        && let Some(len) = inline_destination_len(text, after)
    {
        return Some(after + len - at);
    }
    if text[after..].starts_with('[')
        && let Some(label_close) = label_end(text, after)
    {
        let label = &text[after + 1..label_close];
        let label = if label.trim().is_empty() { &text[at + 1..close] } else { label };
        if labels.contains(&normalize_label(label)) {
            return Some(label_close + 1 - at);
        }
    }
    labels.contains(&normalize_label(&text[at + 1..close])).then_some(after - at)
}

/// The `]` that matches the `[` at `at`, brackets nested, escaped ones and code spans skipped.
fn bracket_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0;
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 1,
            b'`' => {
                i = code_span_end(text, i);
                continue;
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The `]` that ends the link label starting at the `[` at `at`: no unescaped bracket inside.
pub(super) fn label_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => return None,
            b']' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The length of `(destination "title")` at the `(` at `at`, when it is a valid one.
fn inline_destination_len(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = skip_whitespace(bytes, at + 1);
    if bytes.get(i) == Some(&b'<') {
        i += 1 + text[i + 1..].find(['>', '<', '\n'])?;
        if bytes[i] != b'>' {
            return None;
        }
        i += 1;
    } else {
        let mut depth = 0usize;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 1,
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                _ if b.is_ascii_whitespace() || b.is_ascii_control() => break,
                _ => {}
            }
            i += 1;
        }
        if depth != 0 {
            return None;
        }
    }
    let spaced = skip_whitespace(bytes, i);
    if spaced > i
        && let Some(&open) = bytes.get(spaced)
        && b"\"'(".contains(&open)
    {
        let close = if open == b'(' { ')' } else { char::from(open) };
        i = spaced + 1 + text[spaced + 1..].find(close)? + 1;
    }
    i = skip_whitespace(bytes, i);
    (bytes.get(i) == Some(&b')')).then(|| i + 1 - at)
}

/// Where the bare URL starting at `at` ends: at a space, `<`, `>`, backtick, `|` or non-ASCII
/// character, less trailing punctuation (and a `)` or `]` that closes nothing in the URL).
fn url_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = at;
    while bytes.get(end).is_some_and(|&b| b.is_ascii_graphic() && !b"<>`|".contains(&b)) {
        end += 1;
    }
    loop {
        let url = &bytes[at..end];
        let count = |c: u8| url.iter().filter(|&&b| b == c).count();
        match url.last() {
            Some(b'.' | b',' | b':' | b';' | b'!' | b'?' | b'\'' | b'"' | b'*' | b'_' | b'~') => end -= 1,
            Some(b')') if count(b'(') < count(b')') => end -= 1,
            Some(b']') if count(b'[') < count(b']') => end -= 1,
            _ => return end,
        }
    }
}

/// Elements that need no closing tag: rustdoc lets them stand unclosed.
const VOID_TAGS: &str = "area base br col embed hr img input keygen link meta param source track wbr";

/// Link labels match case-insensitively, with runs of whitespace as one space.
pub(super) fn normalize_label(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn is_void(name: &str) -> bool {
    VOID_TAGS.split(' ').any(|tag| tag == name)
}
