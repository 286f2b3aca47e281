//! Regenerates `src/argo/releases.rs` from `../shared/reference/argocd-releases.tsv` (run from
//! the repository root): `cargo run --example gen-releases`. `tests/releases.rs` checks the
//! committed file against the same rendering.

#[path = "../tests/releases_render.rs"]
mod render;

fn main() {
    let tsv = match std::fs::read_to_string("../shared/reference/argocd-releases.tsv") {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: ../shared/reference/argocd-releases.tsv: {e}");
            std::process::exit(1);
        }
    };
    match render::render(&tsv).map(|out| std::fs::write("src/argo/releases.rs", out)) {
        Ok(Ok(())) => println!("wrote src/argo/releases.rs"),
        Ok(Err(e)) => {
            eprintln!("error: src/argo/releases.rs: {e}");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
