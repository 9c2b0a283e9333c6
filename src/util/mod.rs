//! Small helpers that every stage may use and that know nothing of the edition, its pages
//! or its output: escaping text for HTML ([`escape`]), writing numbers ([`numbers`]), and
//! deciding which addresses a page may hold ([`schemes`]). They use no other module of the
//! crate, so any layer can depend on them.

pub mod escape;
pub mod numbers;
pub mod schemes;
