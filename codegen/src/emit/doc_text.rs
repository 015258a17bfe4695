//! Schema descriptions made safe for rustdoc: the authors' Markdown keeps its meaning, but what
//! rustdoc would warn about in a generated crate is escaped or converted.
//!
//! Descriptions are written for Markdown renderers that know no Rust: `[1]` is a footnote, not an
//! intra-doc link; a bare `https://…` is a link to a person, not rustdoc's `bare_urls`; `<id>` or
//! `List<String>` is text, not an unclosed HTML tag; an indented example is JSON, not Rust. So,
//! outside code spans and code blocks:
//!
//! - a `[` or `]` that is not part of a link (`[text](url)`, or a reference link or footnote
//!   whose definition the description holds) is escaped: `\[1\]`;
//! - a bare `http://` or `https://` URL is wrapped in `<…>`, trailing punctuation left outside;
//! - an HTML tag that rustdoc would call unclosed or unopened (its pairing rule, void elements
//!   exempt) is escaped: `\<id>` in text, `&lt;id>` inside an HTML block, where `\` would show;
//! - code blocks are examples of JSON or HTTP, not Rust: an indented one becomes a fenced `text`
//!   block, and so does a fence without a language (or with `rust` or `{…}`), so that rustdoc
//!   does not compile them as doctests; a fence whose info string is no list of language words
//!   (`` ``` <quantity> ::= … ``, which rustdoc refuses) becomes `text`, with that string as the
//!   block's first line; a fence left open is closed, so that the generator's own lines after the
//!   description stay text.
//!
//! The Markdown is read the way CommonMark (and so rustdoc's parser) reads it, as far as these
//! rules need: fences, indented code under list items, HTML blocks, link reference definitions,
//! code spans across lines, backslash escapes. It is a small reader, not a parser: a construct it
//! does not know is copied as written.

mod blocks;
mod inline;

use std::collections::HashSet;
use std::ops::Range;

use blocks::{
    BlockEnd, RAW_ENDS, code_blocks, definition_label, fence_with_language, html_block_start, is_heading,
    list_item_content,
};
use inline::{Token, scan_html, scan_inline, stray_tags};

/// The description's lines, rewritten so that rustdoc reads them without warnings; see the
/// module docs for the rules. The same lines always give the same output, and applying it twice
/// changes nothing more.
pub(crate) fn rustdoc_markdown(description: &[String]) -> Vec<String> {
    if !description.iter().any(|line| needs_a_look(line)) {
        return description.to_vec();
    }
    Description::new(description).render()
}

/// False for a line that none of the rules can touch (most lines): no bracket, tag, URL, fence
/// or indentation.
fn needs_a_look(line: &str) -> bool {
    line.contains(['[', ']', '<'])
        || line.contains("://")
        || line.contains("```")
        || line.contains("~~~")
        || line.starts_with("    ")
}

/// What a line is, as far as the rules go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Blank,
    /// A fence that opens a block: its language may change.
    FenceOpen,
    /// A closing fence, or a line inside a fenced block: copied as is.
    Fenced,
    /// A line of an indented code block, which becomes a fenced one; the indent it strips.
    Indented(usize),
    /// A link reference or footnote definition: copied as is.
    Definition,
    /// A line of an HTML block: only stray tags are escaped there.
    Html,
    /// Paragraphs, headings, list items and quotes.
    Prose,
}

/// One description, as one text with a kind for each line.
struct Description {
    /// The lines joined with `\n`; every offset below is into this.
    text: String,
    /// Where each line starts in `text`.
    starts: Vec<usize>,
    kinds: Vec<Kind>,
    /// Normalized labels of the link reference and footnote definitions.
    labels: HashSet<String>,
    /// Offsets of the `<` of tags rustdoc would call unclosed or unopened.
    stray: HashSet<usize>,
    /// The fence that closes a fenced block still open at the end.
    unclosed_fence: Option<String>,
}

impl Description {
    fn new(lines: &[String]) -> Self {
        let text = lines.join("\n");
        let mut starts = Vec::with_capacity(lines.len());
        let mut at = 0;
        for line in lines {
            starts.push(at);
            at += line.len() + 1;
        }
        let (kinds, unclosed_fence) = code_blocks(lines);
        let mut description =
            Description { text, starts, kinds, labels: HashSet::new(), stray: HashSet::new(), unclosed_fence };
        description.find_definitions();
        let blocks = description.find_html_blocks();
        let mut tags = Vec::new();
        for group in description.prose_groups() {
            tags.extend(
                scan_inline(&description.text, group, &description.labels, &HashSet::new()).into_iter().filter_map(
                    |token| match token {
                        Token::Tag(at, tag) => Some((at, tag)),
                        Token::Escape(_) | Token::Url(_) => None,
                    },
                ),
            );
        }
        for k in (0..lines.len()).filter(|&k| description.kinds[k] == Kind::Html) {
            tags.extend(scan_html(&description.text, description.line_range(k)));
        }
        tags.sort_by_key(|(at, _)| *at);
        description.stray = stray_tags(&tags);
        // An HTML block that starts with a stray tag is no block once that tag is escaped: its
        // lines are text, with links and URLs of their own.
        for (lines, start) in blocks {
            if description.stray.contains(&start) {
                description.kinds[lines].fill(Kind::Prose);
            }
        }
        description
    }

    fn line_range(&self, k: usize) -> Range<usize> {
        let end = self.starts.get(k + 1).map_or(self.text.len(), |next| next - 1);
        self.starts[k]..end
    }

    fn line(&self, k: usize) -> &str {
        &self.text[self.line_range(k)]
    }

    /// Link reference and footnote definitions, which cannot interrupt a paragraph.
    fn find_definitions(&mut self) {
        let mut in_paragraph = false;
        for k in 0..self.kinds.len() {
            if self.kinds[k] != Kind::Prose {
                in_paragraph = false;
                continue;
            }
            match (!in_paragraph).then(|| definition_label(self.line(k))).flatten() {
                Some(label) => {
                    self.labels.insert(label);
                    self.kinds[k] = Kind::Definition;
                }
                None => in_paragraph = true,
            }
        }
    }

    /// Marks HTML blocks; returns the lines and the first tag's offset of those that a stray
    /// first tag would undo (those that end at a blank line, and `<pre>`, `<script>`, …).
    fn find_html_blocks(&mut self) -> Vec<(Range<usize>, usize)> {
        let mut blocks = Vec::new();
        let mut k = 0;
        while k < self.kinds.len() {
            let after_paragraph = k > 0 && self.kinds[k - 1] == Kind::Prose;
            let start =
                (self.kinds[k] == Kind::Prose).then(|| html_block_start(self.line(k), after_paragraph)).flatten();
            let Some(end) = start else {
                k += 1;
                continue;
            };
            let first = k;
            let indent = self.line(k).len() - self.line(k).trim_start().len();
            let tag_at = self.starts[k] + indent;
            loop {
                let line = self.line(k);
                let ends_here = match end {
                    BlockEnd::Marker(markers) => {
                        let lower = line.to_ascii_lowercase();
                        // Looked for past the start's `<` and next character: `<!-->` ends where it
                        // starts, but the `>` of `<!DOCTYPE` is no `<!` itself.
                        let from = if k == first { indent + 2 } else { 0 };
                        markers.iter().any(|m| lower.get(from..).is_some_and(|rest| rest.contains(m)))
                    }
                    BlockEnd::Blank => matches!(self.kinds.get(k + 1), None | Some(Kind::Blank)),
                };
                self.kinds[k] = Kind::Html;
                k += 1;
                if ends_here || !matches!(self.kinds.get(k), Some(Kind::Prose | Kind::Blank)) {
                    break;
                }
            }
            if matches!(end, BlockEnd::Blank) || end == BlockEnd::Marker(RAW_ENDS) {
                blocks.push((first..k, tag_at));
            }
        }
        blocks
    }

    /// Runs of prose lines that inline constructs (code spans, links) may span: a blank line, a
    /// non-prose line, a heading or a list item starts a new one.
    fn prose_groups(&self) -> Vec<Range<usize>> {
        let mut groups = Vec::new();
        let mut k = 0;
        while k < self.kinds.len() {
            if self.kinds[k] != Kind::Prose {
                k += 1;
                continue;
            }
            let first = k;
            k += 1;
            while k < self.kinds.len()
                && self.kinds[k] == Kind::Prose
                && list_item_content(self.line(k)).is_none()
                && !is_heading(self.line(k))
            {
                k += 1;
            }
            groups.push(self.starts[first]..self.line_range(k - 1).end);
        }
        groups
    }

    fn render(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.kinds.len());
        let mut groups = self.prose_groups().into_iter();
        let mut k = 0;
        while k < self.kinds.len() {
            match self.kinds[k] {
                Kind::Blank | Kind::Fenced | Kind::Definition => out.push(self.line(k).to_owned()),
                Kind::FenceOpen => out.extend(fence_with_language(self.line(k))),
                Kind::Html => out.push(self.html_line(k)),
                Kind::Indented(strip) => {
                    // The fence and its lines keep the list item's indentation, less the code's own four.
                    let indent = " ".repeat(strip - 4);
                    out.push(format!("{indent}```text"));
                    while k < self.kinds.len() && self.kinds[k] == Kind::Indented(strip) {
                        out.push(self.line(k).get(strip..).map_or_else(String::new, |code| format!("{indent}{code}")));
                        k += 1;
                    }
                    out.push(format!("{indent}```"));
                    continue;
                }
                Kind::Prose => {
                    let group = groups.next().expect("a prose line starts a group");
                    out.extend(self.render_prose(group.clone()).split('\n').map(str::to_owned));
                    while k < self.kinds.len() && self.starts[k] < group.end {
                        k += 1;
                    }
                    continue;
                }
            }
            k += 1;
        }
        out.extend(self.unclosed_fence.clone());
        out
    }

    fn render_prose(&self, group: Range<usize>) -> String {
        let mut out = String::with_capacity(group.len() + 8);
        let mut copied = group.start;
        for token in scan_inline(&self.text, group.clone(), &self.labels, &self.stray) {
            match token {
                Token::Escape(at) => {
                    out.push_str(&self.text[copied..at]);
                    out.push('\\');
                    copied = at;
                }
                Token::Url(url) => {
                    out.push_str(&self.text[copied..url.start]);
                    out.push('<');
                    out.push_str(&self.text[url.clone()]);
                    out.push('>');
                    copied = url.end;
                }
                Token::Tag(..) => {}
            }
        }
        out.push_str(&self.text[copied..group.end]);
        out
    }

    /// An HTML block's line, its stray tags opened with `&lt;` (raw HTML knows no `\`).
    fn html_line(&self, k: usize) -> String {
        let range = self.line_range(k);
        let mut out = String::with_capacity(range.len());
        for (at, c) in self.text[range.clone()].char_indices() {
            if self.stray.contains(&(range.start + at)) {
                out.push_str("&lt;");
            } else {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
