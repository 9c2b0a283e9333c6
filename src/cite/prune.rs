//! The shipped CSL styles made to fit the one kind of item Folio cites: a `manuscript`.
//!
//! The official styles branch on the item type hundreds of times (Chicago: 378 `type`
//! tests, 61 left after this), and the engine decides each test again for every item, comparing strings: in a
//! profile of a cold build, type tests and macro lookups were a fifth of all the CPU time.
//! Every branch whose test is decided by the item type alone is decided here once: branches
//! that cannot be taken are removed, one that is always taken becomes the `else`, and macros
//! no longer called go. What a branch tests besides the type (a variable, a position) is left
//! to the engine (dropping those type tests too measured no faster), so a manuscript is
//! formatted as by the whole style (a test formats items with many combinations of fields
//! both ways), except in one place where the engine is wrong and the pruned style is not:
//! a `substitute` whose candidates were behind a type test ([`flatten_always_taken`]). The
//! citeproc-js cross-check runs on the result.

use hayagriva::citationberg::taxonomy::Kind;
use hayagriva::citationberg::{
    Choose, ChooseBranch, ChooseMatch, ElseBranch, IndependentStyle, LayoutRenderingElement,
    NamesChild, SortKey, TextTarget,
};

/// The only item type Folio cites.
const CITED: Kind = Kind::Manuscript;

/// Removes from `style` what a `manuscript` can never reach.
pub fn for_manuscripts(style: &mut IndependentStyle) {
    prune(&mut style.citation.layout.elements);
    if let Some(bibliography) = &mut style.bibliography {
        prune(&mut bibliography.layout.elements);
    }
    for csl_macro in &mut style.macros {
        prune(&mut csl_macro.children);
    }
    remove_unused_macros(style);
}

/// Prunes every `choose` in `elements` (and below), removing those that render nothing.
fn prune(elements: &mut Vec<LayoutRenderingElement>) {
    let taken = std::mem::take(elements);
    for element in taken {
        match element {
            LayoutRenderingElement::Choose(choose) => {
                if let Some(choose) = prune_choose(choose) {
                    elements.push(LayoutRenderingElement::Choose(choose));
                }
            }
            LayoutRenderingElement::Group(mut group) => {
                prune(&mut group.children);
                elements.push(LayoutRenderingElement::Group(group));
            }
            LayoutRenderingElement::Names(mut names) => {
                for child in &mut names.children {
                    if let NamesChild::Substitute(substitute) = child {
                        prune(&mut substitute.children);
                        flatten_always_taken(&mut substitute.children);
                    }
                }
                elements.push(LayoutRenderingElement::Names(names));
            }
            other => elements.push(other),
        }
    }
}

/// Replaces each `choose` that a manuscript always takes whole by its children. In a
/// `substitute` each child is a candidate and the first that renders is used; the engine
/// renders a `choose` there as one candidate, every `names` in it (Chicago's `editor` then
/// `translator`, for an item without an author) and without the substituted names' label,
/// where citeproc-js takes the first. Spliced in, they are candidates of their own.
fn flatten_always_taken(elements: &mut Vec<LayoutRenderingElement>) {
    let taken = std::mem::take(elements);
    for element in taken {
        match element {
            LayoutRenderingElement::Choose(choose)
                if choose.else_if.is_empty()
                    && choose.otherwise.is_none()
                    && is_always(&choose.if_) =>
            {
                let mut children = choose.if_.children;
                flatten_always_taken(&mut children);
                elements.extend(children);
            }
            other => elements.push(other),
        }
    }
}

/// The `choose` without the branches a manuscript never takes; `None` when it can render
/// nothing.
fn prune_choose(choose: Choose) -> Option<Choose> {
    let Choose {
        if_,
        else_if,
        otherwise,
    } = choose;
    let mut kept: Vec<ChooseBranch> = Vec::new();
    let mut otherwise = otherwise;
    for mut branch in std::iter::once(if_).chain(else_if) {
        match decided(&branch) {
            Some(false) => {}
            Some(true) => {
                // Reached, it is taken: nothing after it matters.
                prune(&mut branch.children);
                otherwise = Some(ElseBranch {
                    children: branch.children,
                });
                break;
            }
            None => {
                prune(&mut branch.children);
                kept.push(branch);
            }
        }
    }
    let otherwise = otherwise.map(|mut branch| {
        prune(&mut branch.children);
        branch
    });
    let mut kept = kept.into_iter();
    match kept.next() {
        Some(first) => Some(Choose {
            if_: first,
            else_if: kept.collect(),
            otherwise,
        }),
        // Only the `else` is left: a test a manuscript always passes stands before it
        // (a `choose` must start with an `if`, and is not a group).
        None => otherwise.map(|branch| Choose {
            if_: always(branch.children),
            else_if: Vec::new(),
            otherwise: None,
        }),
    }
}

/// Whether a manuscript takes `branch`, when the item type alone decides it. The engine
/// runs every test of every attribute and combines them by the branch's `match`.
fn decided(branch: &ChooseBranch) -> Option<bool> {
    let Some(types) = &branch.type_ else {
        return None;
    };
    let known = types.iter().map(|kind| *kind == CITED);
    let other_tests = branch.disambiguate.is_some()
        || branch.is_numeric.is_some()
        || branch.is_uncertain_date.is_some()
        || branch.locator.is_some()
        || branch.position.is_some()
        || branch.variable.is_some();
    if !other_tests {
        return Some(branch.match_.test(known));
    }
    let any_true = types.contains(&CITED);
    let any_false = types.iter().any(|kind| *kind != CITED);
    match branch.match_ {
        ChooseMatch::All if any_false => Some(false),
        ChooseMatch::Any if any_true => Some(true),
        ChooseMatch::None if any_true => Some(false),
        _ => None,
    }
}

/// Whether `branch` is one [`always`] made.
fn is_always(branch: &ChooseBranch) -> bool {
    branch.type_.as_deref() == Some(&[CITED][..])
        && branch.match_ == ChooseMatch::Any
        && branch.disambiguate.is_none()
        && branch.is_numeric.is_none()
        && branch.is_uncertain_date.is_none()
        && branch.locator.is_none()
        && branch.position.is_none()
        && branch.variable.is_none()
}

/// A branch a manuscript always takes, rendering `children`.
fn always(children: Vec<LayoutRenderingElement>) -> ChooseBranch {
    ChooseBranch {
        disambiguate: None,
        is_numeric: None,
        is_uncertain_date: None,
        locator: None,
        position: None,
        type_: Some(vec![CITED]),
        variable: None,
        match_: ChooseMatch::Any,
        children,
    }
}

/// Removes the macros that neither layout nor sort calls, directly or through other macros.
fn remove_unused_macros(style: &mut IndependentStyle) {
    let mut called: Vec<String> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    calls(&style.citation.layout.elements, &mut pending);
    if let Some(bibliography) = &style.bibliography {
        calls(&bibliography.layout.elements, &mut pending);
    }
    let sorts = (style.citation.sort.iter()).chain(style.bibliography.iter().flat_map(|b| &b.sort));
    for sort in sorts {
        for key in &sort.keys {
            if let SortKey::MacroName { name, .. } = key {
                pending.push(name.clone());
            }
        }
    }
    while let Some(name) = pending.pop() {
        if called.contains(&name) {
            continue;
        }
        if let Some(csl_macro) = style.macros.iter().find(|m| m.name == name) {
            calls(&csl_macro.children, &mut pending);
        }
        called.push(name);
    }
    style.macros.retain(|m| called.contains(&m.name));
}

/// The names of the macros `elements` call.
fn calls(elements: &[LayoutRenderingElement], names: &mut Vec<String>) {
    for element in elements {
        match element {
            LayoutRenderingElement::Text(text) => {
                if let TextTarget::Macro { name } = &text.target {
                    names.push(name.clone());
                }
            }
            LayoutRenderingElement::Group(group) => calls(&group.children, names),
            LayoutRenderingElement::Choose(choose) => {
                for branch in choose.branches() {
                    calls(&branch.children, names);
                }
                if let Some(otherwise) = &choose.otherwise {
                    calls(&otherwise.children, names);
                }
            }
            LayoutRenderingElement::Names(names_element) => {
                for child in &names_element.children {
                    if let NamesChild::Substitute(substitute) = child {
                        calls(&substitute.children, names);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::csl::CHICAGO_CSL;

    /// Type tests left in `elements` and below.
    fn type_tests(elements: &[LayoutRenderingElement]) -> usize {
        elements
            .iter()
            .map(|element| match element {
                LayoutRenderingElement::Group(group) => type_tests(&group.children),
                LayoutRenderingElement::Choose(choose) => {
                    let branches: usize = (choose.branches())
                        .map(|b| usize::from(b.type_.is_some()) + type_tests(&b.children))
                        .sum();
                    branches
                        + choose
                            .otherwise
                            .as_ref()
                            .map_or(0, |o| type_tests(&o.children))
                }
                LayoutRenderingElement::Names(names) => (names.children.iter())
                    .map(|child| match child {
                        NamesChild::Substitute(s) => type_tests(&s.children),
                        _ => 0,
                    })
                    .sum(),
                _ => 0,
            })
            .sum()
    }

    fn style_type_tests(style: &IndependentStyle) -> usize {
        let macros: usize = style.macros.iter().map(|m| type_tests(&m.children)).sum();
        macros
            + type_tests(&style.citation.layout.elements)
            + style
                .bibliography
                .as_ref()
                .map_or(0, |b| type_tests(&b.layout.elements))
    }

    #[test]
    fn pruning_decides_most_type_tests_of_the_chicago_style() {
        let whole = IndependentStyle::from_xml(CHICAGO_CSL).unwrap();
        let mut pruned = whole.clone();
        for_manuscripts(&mut pruned);
        let (before, after) = (style_type_tests(&whole), style_type_tests(&pruned));
        assert!(after * 4 < before, "{after} of {before} type tests left");
        eprintln!(
            "type tests {before} -> {after}, macros {} -> {}",
            whole.macros.len(),
            pruned.macros.len()
        );
        assert!(pruned.macros.len() < whole.macros.len());
    }
}
