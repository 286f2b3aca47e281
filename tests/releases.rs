//! `src/argo/releases.rs` is generated from `shared/reference/argocd-releases.tsv`: this test
//! renders the table again and fails when the committed file differs. `UPDATE_RELEASES=1` rewrites
//! the file instead (the same as `cargo run --example gen-releases`).

#[path = "releases_render.rs"]
mod render;

const TSV: &str = "../shared/reference/argocd-releases.tsv";
const GENERATED: &str = "src/argo/releases.rs";

#[test]
fn releases_table_matches_the_tsv() {
    let tsv = std::fs::read_to_string(TSV).unwrap();
    let want = render::render(&tsv).unwrap();
    // Every non-empty data row is a table row (no row dropped by the renderer).
    let rows = tsv.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    assert!(rows > 300, "{rows} releases in {TSV}");
    assert_eq!(want.matches("    Release { version: (").count(), rows);
    if std::env::var_os("UPDATE_RELEASES").is_some() {
        std::fs::write(GENERATED, &want).unwrap();
    }
    let have = std::fs::read_to_string(GENERATED).unwrap();
    assert!(
        have == want,
        "{GENERATED} differs from {TSV}: run `cargo run --example gen-releases`"
    );
}

#[test]
fn renderer_rejects_rows_out_of_order_and_unsafe_text() {
    let header =
        "argocd_tag\tgo_toolchain_in_Dockerfile\tgo_mod_directive\tdefault_tlsciphers\tdex_image\n";
    let ok = format!("{header}v2.0.0\t1.16.2\t1.16\tA:B\tdex:v2.27.0\n");
    assert!(render::render(&ok).unwrap().contains(
        "Release { version: (2, 0, 0), go_toolchain: \"1.16.2\", default_ciphers: \"A:B\", dex_image: \"v2.27.0\" }"
    ));
    let swapped = format!("{header}v2.0.1\t1\t1\tA\tdex:v1\nv2.0.0\t1\t1\tA\tdex:v1\n");
    assert!(render::render(&swapped).is_err());
    let quoted = format!("{header}v2.0.0\t1\"\t1\tA\tdex:v1\n");
    assert!(render::render(&quoted).is_err());
    assert!(render::render("").is_err());
}
