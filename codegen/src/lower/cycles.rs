//! Recursion: boxes the fields through which a type contains itself, and reports cycles no Rust type can express.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// Boxes every struct field and `oneOf` variant through which a type would contain itself by
/// value, and reports type aliases that refer to themselves (`type A = Vec<A>` is not Rust).
pub(super) fn break_cycles(api: &mut Api, diagnostics: &mut Diagnostics) {
    report_alias_cycles(api, diagnostics);
    let components = strongly_connected(api);
    let mut component_of = vec![0; api.types.len()];
    for (index, component) in components.iter().enumerate() {
        for id in component {
            component_of[id.0] = index;
        }
    }
    let recursive = |from: TypeId, ty: &TypeRef, api: &Api| {
        let mut reached = BTreeSet::new();
        by_value(api, ty, &mut reached, &mut BTreeSet::new());
        reached.iter().any(|to| component_of[to.0] == component_of[from.0])
    };
    for index in 0..api.types.len() {
        let id = TypeId(index);
        let boxed: Vec<bool> = match &api.types[index].kind {
            TypeKind::Struct { fields } => fields.iter().map(|f| recursive(id, &f.ty, api)).collect(),
            // Objects inside a `oneOf` are boxed anyway: one large variant would make every value large.
            TypeKind::OneOf { variants, .. } => {
                variants.iter().map(|v| recursive(id, &v.ty, api) || is_composite(api, &v.ty)).collect()
            }
            TypeKind::Enum { .. } | TypeKind::Alias { .. } => continue,
        };
        let wrap =
            |ty: &mut TypeRef| *ty = TypeRef::Boxed(Box::new(std::mem::replace(ty, TypeRef::Vec(Box::default()))));
        match &mut api.types[index].kind {
            TypeKind::Struct { fields } => {
                fields.iter_mut().zip(&boxed).filter(|(_, b)| **b).for_each(|(f, _)| wrap(&mut f.ty))
            }
            TypeKind::OneOf { variants, .. } => {
                variants.iter_mut().zip(&boxed).filter(|(_, b)| **b).for_each(|(v, _)| wrap(&mut v.ty))
            }
            TypeKind::Enum { .. } | TypeKind::Alias { .. } => {}
        }
    }
}

fn is_composite(api: &Api, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(id) if matches!(api.types[id.0].kind, TypeKind::Struct { .. } | TypeKind::OneOf { .. }))
}

impl Default for TypeRef {
    fn default() -> Self {
        TypeRef::Scalar(crate::ir::Scalar::Json)
    }
}

/// The named types a value of `ty` contains inline (not behind a `Vec`, map or box), looking
/// through aliases.
fn by_value(api: &Api, ty: &TypeRef, out: &mut BTreeSet<TypeId>, aliases_seen: &mut BTreeSet<TypeId>) {
    match ty {
        TypeRef::Named(id) => {
            out.insert(*id);
            if let TypeKind::Alias { target } = &api.types[id.0].kind
                && aliases_seen.insert(*id)
            {
                by_value(api, target, out, aliases_seen);
            }
        }
        TypeRef::Nullable(inner) | TypeRef::OneOrMany(inner) => by_value(api, inner, out, aliases_seen),
        TypeRef::Scalar(_) | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Boxed(_) => {}
    }
}

/// Tarjan's algorithm over the by-value graph; components come out in a deterministic order.
fn strongly_connected(api: &Api) -> Vec<Vec<TypeId>> {
    struct State {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        components: Vec<Vec<TypeId>>,
    }
    fn edges(api: &Api, node: usize) -> Vec<usize> {
        let mut out = BTreeSet::new();
        let mut add = |ty: &TypeRef| {
            let mut reached = BTreeSet::new();
            by_value(api, ty, &mut reached, &mut BTreeSet::new());
            out.extend(reached.into_iter().map(|id| id.0));
        };
        match &api.types[node].kind {
            TypeKind::Struct { fields } => fields.iter().for_each(|f| add(&f.ty)),
            TypeKind::OneOf { variants, .. } => variants.iter().for_each(|v| add(&v.ty)),
            TypeKind::Alias { target } => add(target),
            TypeKind::Enum { .. } => {}
        }
        out.into_iter().collect()
    }
    fn visit(api: &Api, node: usize, state: &mut State) {
        // An explicit stack keeps deep schemas from overflowing the call stack.
        let mut work: Vec<(usize, Vec<usize>, usize)> = Vec::new();
        let start = |node: usize, state: &mut State, work: &mut Vec<(usize, Vec<usize>, usize)>| {
            state.index[node] = Some(state.next);
            state.low[node] = state.next;
            state.next += 1;
            state.stack.push(node);
            state.on_stack[node] = true;
            work.push((node, edges(api, node), 0));
        };
        start(node, state, &mut work);
        while let Some((current, targets, position)) = work.last_mut() {
            let current = *current;
            if let Some(&target) = targets.get(*position) {
                *position += 1;
                match state.index[target] {
                    None => start(target, state, &mut work),
                    Some(target_index) if state.on_stack[target] => {
                        state.low[current] = state.low[current].min(target_index)
                    }
                    Some(_) => {}
                }
                continue;
            }
            work.pop();
            if let Some((parent, _, _)) = work.last() {
                state.low[*parent] = state.low[*parent].min(state.low[current]);
            }
            if Some(state.low[current]) == state.index[current] {
                let mut component = Vec::new();
                while let Some(member) = state.stack.pop() {
                    state.on_stack[member] = false;
                    component.push(TypeId(member));
                    if member == current {
                        break;
                    }
                }
                component.sort();
                state.components.push(component);
            }
        }
    }
    let count = api.types.len();
    let mut state = State {
        index: vec![None; count],
        low: vec![0; count],
        on_stack: vec![false; count],
        stack: Vec::new(),
        next: 0,
        components: Vec::new(),
    };
    for node in 0..count {
        if state.index[node].is_none() {
            visit(api, node, &mut state);
        }
    }
    state.components
}

/// A type alias whose target mentions, through aliases only, the alias itself.
fn report_alias_cycles(api: &mut Api, diagnostics: &mut Diagnostics) {
    fn mentions(ty: &TypeRef, out: &mut Vec<TypeId>) {
        match ty {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::OneOrMany(inner)
            | TypeRef::Boxed(inner) => {
                mentions(inner, out);
            }
            TypeRef::Scalar(_) => {}
        }
    }
    let mut broken = Vec::new();
    for start in 0..api.types.len() {
        if !matches!(api.types[start].kind, TypeKind::Alias { .. }) {
            continue;
        }
        // Depth-first through aliases only, remembering the path for the message.
        let mut path = vec![TypeId(start)];
        let mut seen = BTreeSet::new();
        if alias_path_back(api, TypeId(start), TypeId(start), &mut path, &mut seen, &mentions) {
            let chain: Vec<String> = path.iter().map(|id| api.types[id.0].name.clone()).collect();
            let origin = &api.types[start].origin;
            let (file, pointer) = origin.split_once('#').unwrap_or((origin, ""));
            diagnostics.push(
                Diagnostic::error(
                    Location::Pointer { file: file.to_owned(), pointer: pointer.to_owned() },
                    format!("unrepresentable cycle: `{}` is defined in terms of itself", api.types[start].name),
                )
                .with_help(format!("the chain: {}", chain.join(" → ")))
                .with_help("a cycle must pass through an object's property; a schema cannot be only a reference to, or an array of, itself"),
            );
            broken.push(start);
        }
    }
    // Keep the output compilable for whatever is emitted after errors: broken aliases become JSON.
    for index in broken {
        api.types[index].kind = TypeKind::Alias { target: TypeRef::default() };
    }
}

fn alias_path_back(
    api: &Api,
    start: TypeId,
    current: TypeId,
    path: &mut Vec<TypeId>,
    seen: &mut BTreeSet<TypeId>,
    mentions: &dyn Fn(&TypeRef, &mut Vec<TypeId>),
) -> bool {
    let TypeKind::Alias { target } = &api.types[current.0].kind else { return false };
    let mut next = Vec::new();
    mentions(target, &mut next);
    for id in next {
        if id == start {
            path.push(id);
            return true;
        }
        if matches!(api.types[id.0].kind, TypeKind::Alias { .. }) && seen.insert(id) {
            path.push(id);
            if alias_path_back(api, start, id, path, seen, mentions) {
                return true;
            }
            path.pop();
        }
    }
    false
}
