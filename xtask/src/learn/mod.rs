//! `cargo xtask learn`: proposes the schema changes that would type what bodies on the wire
//! carried and `schema/` does not describe, as a unified diff and a summary; `--write` applies it.
//!
//! One way through, one module a step:
//!
//! ```text
//! inputs (recordings or JSON bodies, streamed) --walk--> Observations (counts, inferred shapes)
//!        --plan--> proposals (minus the ignore list) --patch--> edited YAML texts --> diff, summary
//! ```

mod inputs;
mod patch;
mod plan;
mod shape;
mod walk;
mod yaml_text;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use codegen::Diagnostics;
use codegen::ir::{Api, TypeId, TypeKind, TypeRef};
use codegen::schema::Workspace;

use self::inputs::Input;
use self::plan::{Change, Plan};
use self::walk::Observations;

/// The ignore list, in the schema folder: one proposal id a line, `#` starts a comment.
pub const IGNORE_FILE: &str = "learn-ignore.txt";

/// What to learn from, and into which schema.
#[derive(Clone, Debug)]
pub struct Learn {
    /// The schema folder (or file) to propose changes to.
    pub schema: PathBuf,
    /// Files or folders: recordings (`.jsonl`), or with [`Learn::as_schema`] plain bodies (`.json`).
    pub inputs: Vec<PathBuf>,
    /// The schema (type) name of plain JSON bodies (`--as Status`).
    pub as_schema: Option<String>,
    /// Apply the proposals to the schema files.
    pub write: bool,
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Learned {
    /// Inputs read.
    pub inputs: usize,
    /// Proposals, one line each: id and the number of inputs that showed it.
    pub proposals: Vec<(String, usize)>,
    /// Ids of proposals the ignore list left out.
    pub ignored: Vec<String>,
    /// The unified diff of the schema files.
    pub diff: String,
    /// A short summary for people: proposals, new type names, what was left out and why.
    pub summary: String,
    /// Files written (with `write`).
    pub written: Vec<String>,
}

/// Runs one learning pass.
///
/// # Errors
/// When the schema does not load or generate, an input path cannot be read, `--as` names no
/// type, or a file cannot be written.
pub fn learn(job: &Learn) -> Result<Learned, String> {
    // Names relative to the schema folder itself, as the diff shows them.
    let (root, files) = crate::schema_files(&job.schema, Some(&job.schema))?;
    let mut texts = BTreeMap::new();
    for file in &files {
        let path = root.join(file);
        texts.insert(
            file.clone(),
            fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        );
    }
    let (workspace, api) =
        lowered(&texts, &files).map_err(|diagnostics| format!("the schema does not generate:\n{diagnostics}"))?;
    let plain_type = match &job.as_schema {
        Some(name) => Some(TypeRef::Named(type_named(&api, name).ok_or_else(|| format!("no schema named `{name}`"))?)),
        None => None,
    };

    let index = walk::Index::new(&api, &workspace);
    let mut seen = Observations::default();
    inputs::for_each(&job.inputs, |input| match input {
        Input::Body(body) => match &plain_type {
            Some(ty) => seen.add(&api, &index, ty, &body),
            None => seen.skip("a plain JSON body, and no `--as <SchemaName>` to say what it is".to_owned()),
        },
        Input::Recorded { operation, status, schema, body } => {
            match recorded_type(&api, operation.as_deref(), status, schema.as_deref()).or_else(|| plain_type.clone()) {
                Some(ty) => seen.add(&api, &index, &ty, &body),
                None => seen.skip(format!(
                    "a recording of operation {:?} (schema {:?}), which the schema does not have",
                    operation.unwrap_or_default(),
                    schema.unwrap_or_default()
                )),
            }
        }
        Input::Unreadable(why) => seen.skip(why),
    })?;
    let inputs = seen.inputs;

    let ignore = read_ignore_list(&root);
    let plan = plan::plan(&api, &workspace, seen, &ignore);
    let (patched, refused) = patch::patch(&api, &workspace, &texts, &plan.proposals);
    let mut all = texts.clone();
    all.extend(patched.iter().map(|(k, v)| (k.clone(), v.clone())));
    let (_, learned_api) = lowered(&all, &files)
        .map_err(|diagnostics| format!("the proposed schema does not generate (a bug in `learn`):\n{diagnostics}"))?;

    let mut report = Learned { inputs, ..Learned::default() };
    let refused_ids: BTreeSet<&str> = refused.iter().map(|(id, _)| id.as_str()).collect();
    report.proposals = plan
        .proposals
        .iter()
        .filter(|p| !refused_ids.contains(p.id.as_str()))
        .map(|p| (p.id.clone(), p.inputs))
        .collect();
    for (file, text) in &patched {
        let before = texts.get(file).map_or("", String::as_str);
        let diff = similar::TextDiff::from_lines(before, text.as_str());
        let shown =
            format!("{}/{file}", job.schema.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()));
        let _ = write!(
            report.diff,
            "{}",
            diff.unified_diff().context_radius(3).header(&format!("a/{shown}"), &format!("b/{shown}"))
        );
    }
    report.summary = summary(&api, &learned_api, &plan, &refused, inputs);
    report.ignored.clone_from(&plan.ignored);
    if job.write {
        for (file, text) in &patched {
            let path = root.join(file);
            fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            report.written.push(file.clone());
        }
    }
    Ok(report)
}

/// Loads and lowers the schema texts: the IR learning walks bodies with.
fn lowered(texts: &BTreeMap<String, String>, files: &[String]) -> Result<(Workspace, Api), String> {
    let mut diagnostics = Diagnostics::default();
    let workspace = Workspace::load(texts, files, &mut diagnostics);
    let api = codegen::lower::lower(&workspace, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics.render(|file| texts.get(file).map(String::as_str)));
    }
    Ok((workspace, api))
}

/// A type by its schema name (`Status`) or its Rust name.
fn type_named(api: &Api, name: &str) -> Option<TypeId> {
    let suffix = format!("/components/schemas/{}", codegen::schema::escape_pointer_segment(name));
    let position = api
        .types
        .iter()
        .position(|def| def.origin.ends_with(&suffix))
        .or_else(|| api.types.iter().position(|def| def.name == name));
    position.map(TypeId)
}

/// The type a recorded body was decoded as: its operation's response for the status (exact,
/// then `2XX`-style, then `default`), else the schema name the recording gives.
fn recorded_type(api: &Api, operation: Option<&str>, status: Option<u16>, schema: Option<&str>) -> Option<TypeRef> {
    let by_operation = operation.and_then(|id| api.operations.iter().find(|op| op.operation_id == id)).and_then(|op| {
        let status = status.map(|s| s.to_string()).unwrap_or_default();
        let range = format!("{}XX", status.chars().next().unwrap_or('2'));
        [status.as_str(), range.as_str(), "default"].iter().find_map(|wanted| {
            let response = op.responses.iter().find(|r| r.status.eq_ignore_ascii_case(wanted))?;
            response.content.iter().find(|(media, _)| media.contains("json")).map(|(_, ty)| ty.clone())
        })
    });
    by_operation.or_else(|| schema.and_then(|name| type_named(api, name)).map(TypeRef::Named))
}

fn read_ignore_list(root: &std::path::Path) -> BTreeSet<String> {
    let text = fs::read_to_string(root.join(IGNORE_FILE)).unwrap_or_default();
    text.lines()
        .map(|line| line.split_once('#').map_or(line, |(before, _)| before).trim())
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

fn summary(api: &Api, learned: &Api, plan: &Plan, refused: &[(String, String)], inputs: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} proposal(s) from {inputs} input(s):", plan.proposals.len().saturating_sub(refused.len()));
    let refused_ids: BTreeSet<&str> = refused.iter().map(|(id, _)| id.as_str()).collect();
    for proposal in plan.proposals.iter().filter(|p| !refused_ids.contains(p.id.as_str())) {
        let what = match &proposal.change {
            Change::Property { shape, .. } => format!("new property, {}", shape.describe()),
            Change::EnumValue { .. } => "new enum value".to_owned(),
            Change::Widen { from, to, .. } => format!("type {from} → {to}"),
            Change::Alias { .. } => "the new key carries what this field did: an alias".to_owned(),
        };
        let _ = writeln!(out, "  {}  ({what}; {} of {inputs} inputs)", proposal.id, proposal.inputs);
    }
    let known: BTreeSet<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
    let new_types: Vec<&str> = learned
        .types
        .iter()
        .filter(|def| !known.contains(def.name.as_str()) && !matches!(def.kind, TypeKind::Alias { .. }))
        .map(|def| def.name.as_str())
        .collect();
    if !new_types.is_empty() {
        let _ = writeln!(out, "new types after regenerating: {}", new_types.join(", "));
    }
    for (id, why) in refused {
        let _ = writeln!(out, "not applied: {id}: {why}");
    }
    if !plan.ignored.is_empty() {
        let _ = writeln!(out, "left out by schema/{IGNORE_FILE}: {}", plan.ignored.join("; "));
    }
    for (note, count) in &plan.notes {
        let _ = writeln!(out, "note: {note} ({count} of {inputs} inputs)");
    }
    out
}
