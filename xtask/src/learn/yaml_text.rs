//! Editing schema YAML as text: find a node by JSON pointer with the parser's markers, then insert
//! or replace whole lines, so that comments, order and formatting of everything else stay
//! byte-identical.
//!
//! Only block-style nodes are edited (the style `schema/` is written in); a flow-style target
//! (`{…}`, `[…]`) is refused with a reason rather than rewritten.

use std::collections::BTreeMap;

use codegen::schema::escape_pointer_segment;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// Where one node of a YAML document is, by JSON pointer.
#[derive(Clone, Debug)]
struct NodeAt {
    /// The line (0-based) and column (in characters) where the value starts.
    line: usize,
    col: usize,
    /// The line and column of the mapping key that holds it, when it is a mapping value.
    key: Option<(usize, usize)>,
    kind: NodeKind,
    /// Children's pointers in document order (mappings and sequences).
    children: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum NodeKind {
    Scalar { plain: bool },
    Mapping { flow: bool },
    Sequence { flow: bool },
}

/// One file's text with every node located.
#[derive(Debug)]
pub(super) struct Located<'t> {
    lines: Vec<&'t str>,
    nodes: BTreeMap<String, NodeAt>,
}

/// A set of edits to one file, all positioned against its original text.
#[derive(Debug, Default)]
pub(super) struct Edits {
    /// After which original line (0-based) to insert, in the order given.
    inserts: Vec<(usize, String)>,
    /// Replacements inside one line: line, byte range, new text.
    replaces: Vec<(usize, std::ops::Range<usize>, String)>,
}

impl<'t> Located<'t> {
    /// Parses `text` and records where each node is.
    ///
    /// # Errors
    /// The parser's message when the text is not YAML.
    pub(super) fn parse(text: &'t str) -> Result<Self, String> {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut nodes = BTreeMap::new();
        let mut parser = Parser::new_from_str(text);
        // Open containers: pointer, and for mappings the key waiting for its value.
        enum Frame {
            Mapping { pointer: String, key: Option<(String, usize, usize)> },
            Sequence { pointer: String, next: usize },
        }
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            let (event, mark) = parser.next_token().map_err(|error| error.to_string())?;
            let (line, col) = (mark.line().saturating_sub(1), mark.col());
            // The pointer and key position of a value starting here, or `None` for a mapping key.
            let place = |stack: &mut Vec<Frame>, is_scalar: Option<&str>| -> Option<(String, Option<(usize, usize)>)> {
                match stack.last_mut() {
                    None => Some((String::new(), None)),
                    Some(Frame::Sequence { pointer, next }) => {
                        let at = format!("{pointer}/{next}");
                        *next += 1;
                        Some((at, None))
                    }
                    Some(Frame::Mapping { pointer, key }) => match key.take() {
                        Some((name, key_line, key_col)) => {
                            Some((format!("{pointer}/{}", escape_pointer_segment(&name)), Some((key_line, key_col))))
                        }
                        None => {
                            *key = Some((is_scalar.unwrap_or_default().to_owned(), line, col));
                            None
                        }
                    },
                }
            };
            match event {
                Event::StreamEnd => break,
                Event::Scalar(value, style, ..) => {
                    if let Some((pointer, key)) = place(&mut stack, Some(&value)) {
                        let kind = NodeKind::Scalar { plain: style == TScalarStyle::Plain };
                        add_child(&mut nodes, &pointer, NodeAt { line, col, key, kind, children: Vec::new() });
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_mapping = matches!(event, Event::MappingStart(..));
                    let opener = if is_mapping { '{' } else { '[' };
                    let flow = lines.get(line).and_then(|l| l.chars().nth(col)) == Some(opener);
                    let Some((pointer, key)) = place(&mut stack, None) else {
                        return Err("a mapping key is itself a mapping or a sequence".to_owned());
                    };
                    let kind = if is_mapping { NodeKind::Mapping { flow } } else { NodeKind::Sequence { flow } };
                    add_child(&mut nodes, &pointer, NodeAt { line, col, key, kind, children: Vec::new() });
                    stack.push(if is_mapping {
                        Frame::Mapping { pointer, key: None }
                    } else {
                        Frame::Sequence { pointer, next: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                Event::Alias(_) => {
                    let _ = place(&mut stack, Some(""));
                }
                Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {}
            }
        }
        Ok(Located { lines, nodes })
    }

    /// True when a node exists at the pointer.
    pub(super) fn has(&self, pointer: &str) -> bool {
        self.nodes.contains_key(pointer)
    }

    /// Appends an entry to the block mapping at `pointer`. `entry` is the entry's lines,
    /// indented as if the key were at column 0.
    ///
    /// # Errors
    /// When there is no block mapping with entries there.
    pub(super) fn append_to_mapping(&self, pointer: &str, entry: &[String], edits: &mut Edits) -> Result<(), String> {
        let node = self.block(pointer, |kind| matches!(kind, NodeKind::Mapping { flow: false }), "a block mapping")?;
        let (Some(first), Some(last)) = (node.children.first(), node.children.last()) else {
            return Err(format!("the mapping at {pointer} is empty"));
        };
        let indent = self.nodes[first].key.map_or(0, |(_, col)| col);
        let last = &self.nodes[last];
        let (last_line, last_col) = last.key.unwrap_or((last.line, last.col));
        let end = self.block_end(last_line, last_col, true);
        edits.inserts.push((end, indented(entry, indent)));
        Ok(())
    }

    /// Appends an item to the block sequence at `pointer`; `item` is the text after `- `.
    ///
    /// # Errors
    /// When there is no block sequence with items there.
    pub(super) fn append_to_sequence(&self, pointer: &str, item: &str, edits: &mut Edits) -> Result<(), String> {
        let node =
            self.block(pointer, |kind| matches!(kind, NodeKind::Sequence { flow: false }), "a block sequence")?;
        let Some(last) = node.children.last() else { return Err(format!("the sequence at {pointer} is empty")) };
        let last = &self.nodes[last];
        let line = self.lines.get(last.line).copied().unwrap_or_default();
        let dash = line.len() - line.trim_start_matches(' ').len();
        let end = self.block_end(last.line, dash, false);
        edits.inserts.push((end, format!("{}- {item}\n", " ".repeat(dash))));
        Ok(())
    }

    /// Replaces the plain scalar at `pointer`, which must read `old`, with `new`.
    ///
    /// # Errors
    /// When there is no such plain scalar.
    pub(super) fn replace_scalar(&self, pointer: &str, old: &str, new: &str, edits: &mut Edits) -> Result<(), String> {
        let node = self.nodes.get(pointer).ok_or_else(|| format!("nothing at {pointer}"))?;
        let line = self.lines.get(node.line).copied().unwrap_or_default();
        let start = line.char_indices().nth(node.col).map_or(line.len(), |(at, _)| at);
        if node.kind != (NodeKind::Scalar { plain: true }) || !line[start..].starts_with(old) {
            return Err(format!("{pointer} is not the plain scalar `{old}`"));
        }
        edits.replaces.push((node.line, start..start + old.len(), new.to_owned()));
        Ok(())
    }

    /// The text with the edits applied.
    pub(super) fn apply(&self, mut edits: Edits) -> String {
        let mut lines: Vec<String> = self.lines.iter().map(|l| (*l).to_owned()).collect();
        // Right to left within a line, so earlier ranges stay valid.
        edits.replaces.sort_by(|a, b| (a.0, b.1.start).cmp(&(b.0, a.1.start)));
        for (line, range, text) in edits.replaces {
            if let Some(l) = lines.get_mut(line)
                && l.get(range.clone()).is_some()
            {
                l.replace_range(range, &text);
            }
        }
        let mut inserts = edits.inserts;
        inserts.sort_by_key(|(after, _)| *after); // stable: same-line inserts keep their order
        let mut out = String::new();
        let mut pending = inserts.into_iter().peekable();
        for (index, line) in lines.iter().enumerate() {
            out.push_str(line);
            while let Some((_, text)) = pending.next_if(|(after, _)| *after == index) {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&text);
            }
        }
        for (_, text) in pending {
            out.push_str(&text);
        }
        out
    }

    fn block(&self, pointer: &str, wanted: impl Fn(&NodeKind) -> bool, what: &str) -> Result<&NodeAt, String> {
        let node = self.nodes.get(pointer).ok_or_else(|| format!("nothing at {pointer}"))?;
        if wanted(&node.kind) { Ok(node) } else { Err(format!("{pointer} is not {what} (flow style is not edited)")) }
    }

    /// The last line of the entry or item that starts on `start` at column `indent`: the last
    /// content line before one that is indented as far or less (comments and blank lines are
    /// skipped, so a comment that introduces the next entry stays with it). `dash_continues`: a
    /// `- ` line at the same indent still belongs (a mapping value that is a sequence).
    fn block_end(&self, start: usize, indent: usize, dash_continues: bool) -> usize {
        let mut end = start;
        for (index, line) in self.lines.iter().enumerate().skip(start + 1) {
            let content = line.trim_start_matches(' ');
            let trimmed = content.trim_end();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let at = line.len() - content.len();
            let dash = trimmed == "-" || trimmed.starts_with("- ");
            if at > indent || at == indent && dash && dash_continues {
                end = index;
            } else {
                break;
            }
        }
        end
    }
}

fn add_child(nodes: &mut BTreeMap<String, NodeAt>, pointer: &str, node: NodeAt) {
    if let Some((parent, _)) = pointer.rsplit_once('/')
        && let Some(parent) = nodes.get_mut(parent)
    {
        parent.children.push(pointer.to_owned());
    }
    nodes.insert(pointer.to_owned(), node);
}

fn indented(lines: &[String], indent: usize) -> String {
    let pad = " ".repeat(indent);
    lines.iter().map(|line| if line.is_empty() { "\n".to_owned() } else { format!("{pad}{line}\n") }).collect()
}

/// A YAML scalar for a key or value: plain when YAML 1.1 and 1.2 both read it back as the same
/// string, single-quoted otherwise (`'No'`, `'2D'`, `'on'`, text with `: `).
pub(super) fn scalar(text: &str) -> String {
    const WORDS: &[&str] =
        &["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nan", "inf", ".nan", ".inf"];
    let plain = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '$' | '@'))
        && !WORDS.contains(&text.to_ascii_lowercase().as_str());
    if plain { text.to_owned() } else { format!("'{}'", text.replace('\'', "''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(text: &str, edit: impl Fn(&Located<'_>, &mut Edits) -> Result<(), String>) -> Result<String, String> {
        let located = Located::parse(text)?;
        let mut edits = Edits::default();
        edit(&located, &mut edits)?;
        Ok(located.apply(edits))
    }

    #[test]
    fn an_entry_goes_after_the_last_one_and_before_the_next_comment() {
        let text = "a:\n  b:\n    type: string\n    description: >-\n      two\n\n      lines\n  # about c\nc: 1\n";
        let out = edited(text, |l, e| l.append_to_mapping("/a", &["n:".to_owned(), "  type: integer".to_owned()], e));
        assert_eq!(
            out.as_deref(),
            Ok(
                "a:\n  b:\n    type: string\n    description: >-\n      two\n\n      lines\n  n:\n    type: integer\n  # about c\nc: 1\n"
            )
        );
    }

    #[test]
    fn sequences_keep_their_dash_indent_even_at_the_key_indent() {
        let text = "e:\n- A\n- 'No'\nf: 1\n";
        assert_eq!(
            edited(text, |l, e| l.append_to_sequence("/e", &scalar("On"), e)).as_deref(),
            Ok("e:\n- A\n- 'No'\n- 'On'\nf: 1\n")
        );
        let text = "e:\n  - A  # first\n  - B\n";
        assert_eq!(
            edited(text, |l, e| l.append_to_sequence("/e", "C", e)).as_deref(),
            Ok("e:\n  - A  # first\n  - B\n  - C\n")
        );
    }

    #[test]
    fn a_mapping_value_that_is_a_sequence_at_the_key_indent_belongs_to_its_entry() {
        let text = "m:\n  x:\n  - 1\n  - 2\n";
        let out = edited(text, |l, e| l.append_to_mapping("/m", &["y: 3".to_owned()], e));
        assert_eq!(out.as_deref(), Ok("m:\n  x:\n  - 1\n  - 2\n  y: 3\n"));
    }

    #[test]
    fn scalars_are_replaced_in_place_and_only_when_they_read_as_expected() {
        let text = "p:\n  type: integer # km\n  format: int32\n";
        assert_eq!(
            edited(text, |l, e| l.replace_scalar("/p/type", "integer", "number", e)).as_deref(),
            Ok("p:\n  type: number # km\n  format: int32\n")
        );
        assert!(edited(text, |l, e| l.replace_scalar("/p/type", "string", "number", e)).is_err());
    }

    #[test]
    fn flow_style_is_refused_not_rewritten() {
        let text = "a: {b: 1}\ne: [A, B]\n";
        assert!(edited(text, |l, e| l.append_to_mapping("/a", &["c: 2".to_owned()], e)).is_err());
        assert!(edited(text, |l, e| l.append_to_sequence("/e", "C", e)).is_err());
    }

    #[test]
    fn escaped_keys_and_non_ascii_text_are_located() {
        let text = "d: Citroën é\n'a/b':\n  x: 1\n";
        assert_eq!(
            edited(text, |l, e| l.append_to_mapping("/a~1b", &["y: 2".to_owned()], e)).as_deref(),
            Ok("d: Citroën é\n'a/b':\n  x: 1\n  y: 2\n")
        );
    }

    #[test]
    fn text_without_a_final_newline_gets_one_before_an_insert() {
        assert_eq!(
            edited("a:\n  x: 1", |l, e| l.append_to_mapping("/a", &["y: 2".to_owned()], e)).as_deref(),
            Ok("a:\n  x: 1\n  y: 2\n")
        );
    }

    #[test]
    fn scalars_are_quoted_when_yaml_would_read_them_otherwise() {
        assert_eq!(scalar("Level6"), "Level6");
        assert_eq!(scalar("No"), "'No'");
        assert_eq!(scalar("2D"), "'2D'");
        assert_eq!(scalar("it's: x"), "'it''s: x'");
        assert_eq!(scalar(""), "''");
    }
}
