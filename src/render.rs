//! Renderings of a [`Report`](crate::report::Report): text for terminals and SARIF 2.1.0 for
//! code-scanning tools, and a [`Timeline`](crate::timeline::Timeline) as text. Rendering depends on the report, never the other way round.

mod sarif;
mod text;
mod timeline;

pub use sarif::{OUTAGE_RULE, add_timeline_outages, render_sarif};
pub use text::render_text;
pub use timeline::render_timeline_text;
