//! Diagnostics: what went wrong in a schema, where (file and line:column, or file and JSON pointer), rendered like rustc.

use std::fmt;

/// How bad a diagnostic is: errors stop generation, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation cannot go on; the output would be wrong.
    Error,
    /// Worth knowing; the output is still right.
    Warning,
}

/// Where in the input a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// A whole file (it could not be read, or is not UTF-8).
    File {
        /// The file, as the caller named it.
        file: String,
    },
    /// A position in a file's text, 1-based: syntax errors, where the parser knows it.
    Position {
        /// The file, as the caller named it.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A node of a file's document, by JSON pointer: semantic errors.
    Pointer {
        /// The file, as the caller named it.
        file: String,
        /// The RFC 6901 pointer of the node.
        pointer: String,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File { file } => f.write_str(file),
            Location::Position { file, line, column } => write!(f, "{file}:{line}:{column}"),
            Location::Pointer { file, pointer } => write!(f, "{file}#{pointer}"),
        }
    }
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where.
    pub location: Location,
    /// What, in one sentence.
    pub message: String,
    /// Further hints, each rendered on its own `= help:` line.
    pub help: Vec<String>,
}

impl Diagnostic {
    /// An error at a location.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, location, message: message.into(), help: Vec::new() }
    }

    /// A warning at a location.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, location, message: message.into(), help: Vec::new() }
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// Renders the diagnostic like rustc does; `source` is the text of the file it points into, if
    /// known, so that a line:column diagnostic can show the line with a caret under the column.
    #[must_use]
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("{label}: {}\n  --> {}\n", self.message, self.location));
        if let (Location::Position { line, column, .. }, Some(text)) = (&self.location, source)
            && let Some(code) = text.lines().nth(line.saturating_sub(1))
        {
            let gutter = format!(" {line}");
            let pad = " ".repeat(gutter.len());
            let caret_pad: String =
                code.chars().take(column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            out.push_str(&format!("{pad}|\n{gutter} | {code}\n{pad}| {caret_pad}^\n"));
        }
        for help in &self.help {
            out.push_str(&format!("   = help: {help}\n"));
        }
        out
    }
}

/// Every diagnostic of a run, collected so that all of them are reported together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Rewrites every pointer location (`file`, `pointer` → the pointer to show instead).
    pub fn relocate(&mut self, source_pointer: impl Fn(&str, &str) -> String) {
        for diagnostic in &mut self.items {
            if let Location::Pointer { file, pointer } = &mut diagnostic.location {
                *pointer = source_pointer(file, pointer);
            }
        }
    }

    /// True when at least one diagnostic is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// True when there is no diagnostic at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics in a stable order: by severity, then location, then message, without duplicates.
    #[must_use]
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort();
        items.dedup();
        items
    }

    /// Renders every diagnostic in stable order, with a closing count line like rustc's.
    /// `source_of` gives the text of a file, for the source snippets.
    pub fn render<'a>(&self, source_of: impl Fn(&str) -> Option<&'a str>) -> String {
        let items = self.sorted();
        let mut out = String::new();
        for diagnostic in &items {
            let file = match &diagnostic.location {
                Location::File { file } | Location::Position { file, .. } | Location::Pointer { file, .. } => file,
            };
            out.push_str(&diagnostic.render(source_of(file)));
            out.push('\n');
        }
        let errors = items.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = items.len() - errors;
        match (errors, warnings) {
            (0, 0) => {}
            (0, w) => out.push_str(&format!("{w} warning{}\n", plural(w))),
            (e, 0) => out.push_str(&format!("{e} error{}\n", plural(e))),
            (e, w) => out.push_str(&format!("{e} error{}, {w} warning{}\n", plural(e), plural(w))),
        }
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
