//! Argo CD itself: the one [`ArgoVersion`] type with the behaviour switches a version implies,
//! and the table of releases it reads them from (generated from
//! `shared/reference/argocd-releases.tsv`). The first stage of the pipeline: it imports nothing
//! else of the engine.

pub(crate) mod releases;
pub(crate) mod version;

pub use version::{ArgoVersion, offered_versions};
