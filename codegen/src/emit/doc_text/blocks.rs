//! The block structure of a description: code blocks (fenced or indented, under list items or
//! not), link reference definitions and HTML blocks, read line by line as CommonMark does.

use super::Kind;
use super::inline::{Html, html_at, label_end, normalize_label};

/// Line kinds as far as code goes (every other line is `Prose` or `Blank`), and the fence that
/// closes a block left open.
pub(super) fn code_blocks(lines: &[String]) -> (Vec<Kind>, Option<String>) {
    let mut kinds = vec![Kind::Prose; lines.len()];
    let mut fence: Option<(char, usize)> = None;
    // An indented line right after text continues that text: code needs a blank line first.
    let mut in_paragraph = false;
    // Where the content of the last list item starts: its indented code is indented past that.
    let mut list_indent = 0;
    let mut indented: Option<usize> = None;
    let mut blanks = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some((c, len)) = fence {
            kinds[k] = Kind::Fenced;
            if fence_length(trimmed, c).is_some_and(|n| n >= len) && is_bare_fence(trimmed) {
                fence = None;
            }
            continue;
        }
        if trimmed.is_empty() {
            kinds[k] = Kind::Blank;
            in_paragraph = false;
            if indented.is_some() {
                blanks.push(k);
            }
            continue;
        }
        if let Some(strip) = indented {
            if indent >= strip {
                kinds[k] = Kind::Indented(strip);
                for blank in blanks.drain(..) {
                    kinds[blank] = Kind::Indented(strip);
                }
                continue;
            }
            indented = None;
            blanks.clear();
        }
        if !in_paragraph && indent >= list_indent + 4 {
            indented = Some(list_indent + 4);
            kinds[k] = Kind::Indented(list_indent + 4);
            continue;
        }
        if let Some((c, len)) = ['`', '~'].into_iter().find_map(|c| fence_length(trimmed, c).map(|len| (c, len))) {
            // A backtick fence's info string holds no backtick (else it is a code span).
            if c == '~' || !trimmed.trim_start_matches('`').contains('`') {
                fence = Some((c, len));
                kinds[k] = Kind::FenceOpen;
                in_paragraph = false;
                continue;
            }
        }
        if let Some(content) = list_item_content(line) {
            list_indent = content;
        } else if !in_paragraph && indent < list_indent {
            list_indent = 0;
        }
        in_paragraph = !is_heading(line);
    }
    (kinds, fence.map(|(c, len)| c.to_string().repeat(len)))
}

/// The length of the fence (three or more of `c`) that starts `line`.
fn fence_length(line: &str, c: char) -> Option<usize> {
    let n = line.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some(n)
}

/// An opening fence, and the line its info string becomes when that is no language: `text`
/// for an example with no language or a Rust-looking one.
pub(super) fn fence_with_language(line: &str) -> Vec<String> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let c = if trimmed.starts_with('~') { '~' } else { '`' };
    let fence = &trimmed[..fence_length(trimmed, c).unwrap_or(3)];
    let info = trimmed[fence.len()..].trim();
    // rustdoc reads the info string as comma- or space-separated words, and refuses a word that
    // starts with something else than a letter, digit, `_`, `-` or `:` (`<quantity>`).
    let is_word = |word: &str| {
        word.starts_with(|c: char| c.is_ascii_alphanumeric())
            && word.bytes().all(|b| b.is_ascii_alphanumeric() || b"_+.:-".contains(&b))
    };
    match info {
        "" | "rust" => vec![format!("{indent}{fence}text")],
        _ if info.starts_with('{') => vec![format!("{indent}{fence}text")],
        _ if info.split([',', ' ', '\t']).filter(|word| !word.is_empty()).all(is_word) => vec![line.to_owned()],
        _ => vec![format!("{indent}{fence}text"), format!("{indent}{info}")],
    }
}

/// A closing fence has nothing after its fence characters.
fn is_bare_fence(trimmed: &str) -> bool {
    trimmed.trim_start_matches(['`', '~']).trim().is_empty()
}

/// Where a list item's content starts (`- `, `* `, `+ `, `1. `, `1) `), when the line is one.
pub(super) fn list_item_content(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match trimmed.as_bytes().get(digits)? {
        b'-' | b'*' | b'+' if digits == 0 => 1,
        b'.' | b')' if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let rest = &trimmed[marker..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    match spaces {
        _ if rest.trim().is_empty() => Some(indent + marker + 1),
        0 => None,
        1..=4 => Some(indent + marker + spaces),
        _ => Some(indent + marker + 1),
    }
}

/// An ATX heading (`# Title`): text after it starts a new paragraph.
pub(super) fn is_heading(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    line.len() - trimmed.len() <= 3
        && (1..=6).contains(&hashes)
        && trimmed[hashes..].chars().next().is_none_or(|c| c == ' ')
}

/// The normalized label of a link reference definition (`[1]: https://… "title"`) or footnote
/// definition (`[^1]: text`) that the line is.
pub(super) fn definition_label(line: &str) -> Option<String> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 || !trimmed.starts_with('[') {
        return None;
    }
    let close = label_end(trimmed, 0)?;
    let label = &trimmed[1..close];
    let rest = trimmed[close + 1..].strip_prefix(':')?.trim();
    if label.trim().is_empty() || (!label.starts_with('^') && !is_destination_and_title(rest)) {
        return None;
    }
    Some(normalize_label(label))
}

/// A definition's destination (`<…>` or no spaces) and optional quoted title, and nothing else.
fn is_destination_and_title(rest: &str) -> bool {
    let title = match rest.strip_prefix('<') {
        Some(inside) => match inside.find(['>', '<']) {
            Some(end) if inside.as_bytes()[end] == b'>' => &inside[end + 1..],
            _ => return false,
        },
        None if rest.is_empty() => return false,
        None => rest.find(char::is_whitespace).map_or("", |end| &rest[end..]),
    };
    let title = title.trim();
    title.is_empty()
        || [('"', '"'), ('\'', '\''), ('(', ')')]
            .iter()
            .any(|&(open, close)| title.len() >= 2 && title.starts_with(open) && title.ends_with(close))
}

/// How an HTML block ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BlockEnd {
    /// At the line holding one of these (lower case).
    Marker(&'static [&'static str]),
    /// Before the next blank line.
    Blank,
}

/// The closing tags that end a raw block (`<pre>`, `<script>`, `<style>`, `<textarea>`).
pub(super) const RAW_ENDS: &[&str] = &["</script>", "</pre>", "</style>", "</textarea>"];

/// The elements whose contents are raw text, not HTML: their blocks end at a closing tag.
const RAW_TAGS: [&str; 4] = ["script", "pre", "style", "textarea"];

/// The tag names that start an HTML block even in the middle of a paragraph (CommonMark's list),
/// one space between each.
const BLOCK_TAGS: &str = "address article aside base basefont blockquote body caption center \
    col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame \
    frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem \
    nav noframes ol optgroup option p param search section summary table tbody td tfoot th \
    thead title tr track ul";

/// The other blocks that end at a marker: comments, processing instructions, CDATA.
const MARKED: [(&str, &[&str]); 3] = [("<!--", &["-->"]), ("<?", &["?>"]), ("<![cdata[", &["]]>"])];

/// How the HTML block that `line` starts ends, when it starts one (CommonMark's seven kinds).
pub(super) fn html_block_start(line: &str, after_paragraph: bool) -> Option<BlockEnd> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 || !rest.starts_with('<') {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    let name_then = |name: &str, after: usize| {
        lower[after..].starts_with(name)
            && lower[after + name.len()..].chars().next().is_none_or(|c| c.is_ascii_whitespace() || c == '>')
    };
    if RAW_TAGS.iter().any(|name| name_then(name, 1)) {
        return Some(BlockEnd::Marker(RAW_ENDS));
    }
    if let Some((_, end)) = MARKED.iter().find(|(start, _)| lower.starts_with(start)) {
        return Some(BlockEnd::Marker(end));
    }
    if lower.starts_with("<!") && lower[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some(BlockEnd::Marker(&[">"]));
    }
    let after = if lower.starts_with("</") { 2 } else { 1 };
    let name_len = lower[after..].bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = &lower[after..after + name_len];
    let then = &lower[after + name_len..];
    if BLOCK_TAGS.split(' ').any(|tag| tag == name)
        && (then.is_empty() || then.starts_with([' ', '\t', '>']) || then.starts_with("/>"))
    {
        return Some(BlockEnd::Blank);
    }
    match html_at(rest) {
        Some((len, Html::Tag(tag)))
            if !after_paragraph && !RAW_TAGS.contains(&tag.name.as_str()) && rest[len..].trim().is_empty() =>
        {
            Some(BlockEnd::Blank)
        }
        _ => None,
    }
}
