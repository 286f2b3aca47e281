//! Renderings of a [`Report`](crate::report::Report): text for terminals and SARIF 2.1.0 for
//! code-scanning tools. Rendering depends on the report, never the other way round.

mod sarif;
mod text;

pub use sarif::render_sarif;
pub use text::render_text;
