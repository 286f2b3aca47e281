//! Writes `docs/codes/TLSnnn.md` from the finding registry, `pkg/report.schema.json` from the
//! report types and `pkg/posture.schema.json` from the posture types (`make docs`).

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codes");
    std::fs::create_dir_all(&dir)?;
    let mut index = String::from("# Finding codes\n\n| code | severity | title |\n|---|---|---|\n");
    for code in argocd_tls_planner::CODES {
        std::fs::write(
            dir.join(format!("{}.md", code.code)),
            argocd_tls_planner::code_docs_page(code),
        )?;
        index += &format!(
            "| [{c}]({c}.md) | {} | {} |\n",
            code.severity.as_str(),
            code.title,
            c = code.code
        );
    }
    std::fs::write(dir.join("README.md"), index)?;
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pkg/report.schema.json");
    std::fs::write(&schema, argocd_tls_planner::report_json_schema())?;
    println!("wrote {}", schema.display());
    let posture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pkg/posture.schema.json");
    std::fs::write(&posture, argocd_tls_planner::posture_json_schema())?;
    println!("wrote {}", posture.display());
    let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pkg/plan.schema.json");
    std::fs::write(&plan, argocd_tls_planner::plan_json_schema())?;
    println!("wrote {}", plan.display());
    println!(
        "wrote {} pages to {}",
        argocd_tls_planner::CODES.len(),
        dir.display()
    );
    Ok(())
}
