//! From observations to proposals: what to add or widen in `schema/`, each with the number of
//! inputs that showed it. A proposal only ever adds (a property, an enum value, an alias) or
//! widens (a scalar's `type`); it never removes, narrows or adds `required`.

use std::collections::BTreeSet;

use codegen::ir::{Api, TypeId};
use codegen::schema::{Node, Place, Workspace};

use super::shape::Shape;
use super::walk::{Observations, origin_place};

/// One proposed schema change.
#[derive(Debug)]
pub(super) struct Proposal {
    /// What a reviewer writes into the ignore list to keep it out (`property Status.chargingMode`).
    pub(super) id: String,
    /// How many inputs showed it.
    pub(super) inputs: usize,
    /// What to change.
    pub(super) change: Change,
}

/// The changes learning makes.
#[derive(Debug)]
pub(super) enum Change {
    /// A property a struct lacks, with the schema of every value seen.
    Property { owner: TypeId, key: String, shape: Shape },
    /// A value an open enum lacks.
    EnumValue { owner: TypeId, value: String },
    /// A scalar that arrived with another JSON type: its `type` becomes `to`.
    Widen { place: Place, from: String, to: String },
    /// A new key that carries what a missing field did: an alternate wire name of that field.
    Alias { owner: TypeId, field: String, alias: String },
}

/// The proposals, and what the summary says beside them.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub(super) proposals: Vec<Proposal>,
    /// Proposals left out by the ignore list.
    pub(super) ignored: Vec<String>,
    /// Things seen that no proposal covers, with the number of inputs.
    pub(super) notes: Vec<(String, usize)>,
}

/// Turns observations into proposals, leaving out those whose id is in `ignore`.
pub(super) fn plan(api: &Api, workspace: &Workspace, seen: Observations, ignore: &BTreeSet<String>) -> Plan {
    let mut plan = Plan::default();
    let name = |id: TypeId| api.types[id.0].name.as_str();
    let mut aliased_fields = BTreeSet::new();
    for ((owner, key), (inputs, shape)) in seen.properties {
        // A rename when every input that sent the new key lacked the same field and its value
        // looked like that field's; a rejected alias leaves the key a property of its own.
        let alias_id = |field: &str| format!("alias {}.{field} {key}", name(owner));
        let rename = seen.aliases.iter().find(|((o, k, field), n)| {
            *o == owner
                && *k == key
                && **n == inputs
                && !aliased_fields.contains(&(owner, field.clone()))
                && !ignore.contains(&alias_id(field))
        });
        let (id, change) = match rename {
            Some(((_, _, field), _)) => {
                aliased_fields.insert((owner, field.clone()));
                (alias_id(field), Change::Alias { owner, field: field.clone(), alias: key })
            }
            None => {
                for ((_, _, field), n) in seen.aliases.iter().filter(|((o, k, _), _)| *o == owner && *k == key) {
                    let note = format!(
                        "{}.{key} may be a rename of `{field}` (not proposed: not in every input that sent it)",
                        name(owner)
                    );
                    plan.notes.push((note, *n));
                }
                (format!("property {}.{key}", name(owner)), Change::Property { owner, key, shape })
            }
        };
        plan.push(Proposal { id, inputs, change }, ignore);
    }
    for ((owner, value), inputs) in seen.enum_values {
        let id = format!("enum-value {} {value}", name(owner));
        plan.push(Proposal { id, inputs, change: Change::EnumValue { owner, value } }, ignore);
    }
    for (place, (who, found, inputs)) in seen.widenings {
        let node = workspace.node(&place);
        let declared = node.and_then(|n| n.get("type")).and_then(Node::as_str).map(str::to_owned);
        match (declared, node.is_some_and(|n| n.get("enum").is_some())) {
            (Some(from), false) => {
                let to = widened(&from, &found);
                let id = format!("widen {who}");
                plan.push(Proposal { id, inputs, change: Change::Widen { place, from, to } }, ignore);
            }
            _ => plan.notes.push((
                format!("{who}: arrived as {} (not proposed: its schema has no single `type` to widen)", words(&found)),
                inputs,
            )),
        }
    }
    for (what, inputs) in seen.unlearnable {
        plan.notes.push((format!("{what} (no schema change proposed)"), inputs));
    }
    plan
}

impl Plan {
    fn push(&mut self, proposal: Proposal, ignore: &BTreeSet<String>) {
        if ignore.contains(&proposal.id) {
            self.ignored.push(proposal.id);
        } else {
            self.proposals.push(proposal);
        }
    }
}

/// The `type` that takes both what was declared and what arrived: `number` for an integer that
/// got fractions, else the list of JSON types (which the generator reads as free-form JSON).
fn widened(from: &str, found: &BTreeSet<&'static str>) -> String {
    if from == "integer" && found.iter().all(|k| matches!(*k, "number" | "integer")) {
        return "number".to_owned();
    }
    let mut types = vec![from.to_owned()];
    for kind in found {
        if !types.iter().any(|t| t == kind) {
            types.push((*kind).to_owned());
        }
    }
    format!("[{}]", types.join(", "))
}

fn words(kinds: &BTreeSet<&'static str>) -> String {
    kinds.iter().copied().collect::<Vec<_>>().join(" or ")
}

/// Where the schema of the struct or enum a proposal changes is, and the type's name.
pub(super) fn owner_place(api: &Api, owner: TypeId) -> (Place, &str) {
    let def = &api.types[owner.0];
    (origin_place(&def.origin), def.name.as_str())
}
