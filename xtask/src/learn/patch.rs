//! Proposals → edited schema texts: each change located in its file and written as lines in the
//! file's own block style, everything else left byte-identical.

use std::collections::BTreeMap;

use codegen::ir::Api;
use codegen::schema::Workspace;

use super::plan::{Change, Proposal, owner_place};
use super::shape::property_lines;
use super::walk::{properties_places, property_place};
use super::yaml_text::{Edits, Located, scalar};

/// The description every learned property gets, for the reviewer to replace with what it means.
pub(super) const LEARNED: &str = "Seen on the wire, not yet described (added by `cargo xtask learn`).";

/// The texts after the proposals, only for files that change; and each proposal that could not
/// be placed, with why.
pub(super) fn patch(
    api: &Api,
    workspace: &Workspace,
    texts: &BTreeMap<String, String>,
    proposals: &[Proposal],
) -> (BTreeMap<String, String>, Vec<(String, String)>) {
    let mut located: BTreeMap<String, Located<'_>> = BTreeMap::new();
    let mut edits: BTreeMap<String, Edits> = BTreeMap::new();
    let mut refused = Vec::new();
    for proposal in proposals {
        let file = match &proposal.change {
            Change::Property { owner, .. } | Change::EnumValue { owner, .. } | Change::Alias { owner, .. } => {
                owner_place(api, *owner).0.file
            }
            Change::Widen { place, .. } => place.file.clone(),
        };
        let Some(text) = texts.get(&file) else {
            refused.push((proposal.id.clone(), format!("{file} is not among the schema files")));
            continue;
        };
        if !located.contains_key(&file) {
            match Located::parse(text) {
                Ok(found) => {
                    located.insert(file.clone(), found);
                }
                Err(why) => {
                    refused.push((proposal.id.clone(), format!("{file}: {why}")));
                    continue;
                }
            }
        }
        let Some(file_located) = located.get(&file) else { continue };
        if let Err(why) = edit(api, workspace, file_located, proposal, edits.entry(file).or_default()) {
            refused.push((proposal.id.clone(), why));
        }
    }
    let mut out = BTreeMap::new();
    for (file, file_edits) in edits {
        if let Some(found) = located.get(&file) {
            let text = found.apply(file_edits);
            if texts.get(&file) != Some(&text) {
                out.insert(file, text);
            }
        }
    }
    (out, refused)
}

fn edit(
    api: &Api,
    workspace: &Workspace,
    located: &Located<'_>,
    proposal: &Proposal,
    edits: &mut Edits,
) -> Result<(), String> {
    match &proposal.change {
        Change::Property { owner, key, shape } => {
            let (origin, _) = owner_place(api, *owner);
            let entry = property_lines(key, shape, Some(LEARNED));
            match properties_places(workspace, &origin).first() {
                Some(properties) => located.append_to_mapping(&properties.pointer, &entry, edits),
                None => {
                    let mut block = vec!["properties:".to_owned()];
                    block.extend(entry.into_iter().map(|line| format!("  {line}")));
                    located.append_to_mapping(&origin.pointer, &block, edits)
                }
            }
        }
        Change::EnumValue { owner, value } => {
            let (origin, _) = owner_place(api, *owner);
            located.append_to_sequence(&origin.child("enum").pointer, &scalar(value), edits)
        }
        Change::Widen { place, from, to } => located.replace_scalar(&place.child("type").pointer, from, to, edits),
        Change::Alias { owner, field, alias } => {
            let (origin, name) = owner_place(api, *owner);
            let property = property_place(workspace, &origin, field)
                .ok_or_else(|| format!("{name}.{field} is not written under a `properties` of its own"))?;
            let aliases = property.child("x-aliases");
            if located.has(&aliases.pointer) {
                located.append_to_sequence(&aliases.pointer, &scalar(alias), edits)
            } else {
                located.append_to_mapping(
                    &property.pointer,
                    &["x-aliases:".to_owned(), format!("  - {}", scalar(alias))],
                    edits,
                )
            }
        }
    }
}
