//! Unit tests of the YAML tree builder and the document splitter (the parent module).

#![allow(clippy::unwrap_used)]

use super::*;

fn docs(text: &str) -> Result<Vec<String>, TreeError> {
    let mut out = Vec::new();
    for_each_document(text, |root: Node<'_>| {
        out.push(format!("{}:{}", root.mark.line, root.mark.col));
        Ok::<(), TreeError>(())
    })?;
    Ok(out)
}

#[test]
fn documents_and_their_positions() {
    let cases: &[(&str, &[&str])] = &[
        ("a: 1\n", &["1:0"]),
        ("---\na: 1\n---\nb: 2\n", &["2:0", "4:0"]),
        ("---\n---\na: 1\n...\n", &["3:0"]),
        ("", &[]),
        ("# only a comment\n", &[]),
        ("[1, 2]", &["1:0"]),
        ("  x: 1\n", &["1:2"]),
    ];
    for (text, want) in cases {
        assert_eq!(docs(text).unwrap(), *want, "{text:?}");
    }
}

#[test]
fn lookups() {
    let text = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n  y: 4\nn: ~\ns: 'null'\nt: yes\n";
    for_each_document(text, |root: Node<'_>| {
        let m = root.get("m").unwrap();
        assert_eq!(m.get("x").and_then(Node::scalar), Some("1"));
        assert_eq!(m.get("y").and_then(Node::scalar), Some("4"));
        let entries: Vec<_> = m
            .entries()
            .into_iter()
            .map(|(k, v)| (k, v.scalar()))
            .collect();
        assert_eq!(entries, vec![("y", Some("4")), ("x", Some("1"))]);
        assert!(root.get("n").unwrap().is_null());
        assert_eq!(root.get("s").and_then(Node::scalar), Some("null"));
        assert_eq!(root.get("t").and_then(Node::boolean), Some(true));
        assert_eq!(root.get("s").and_then(Node::boolean), None);
        Ok::<(), TreeError>(())
    })
    .unwrap();
}

#[test]
fn budgets() {
    let deep = "[".repeat(300) + &"]".repeat(300);
    // saphyr-parser stops flow nesting itself below our limit; either way it is an error.
    assert!(docs(&deep).is_err());
    let deep_block: String = (0..300).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
    assert_eq!(
        docs(&deep_block).unwrap_err().kind,
        ManifestErrorKind::TooDeep
    );
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    assert_eq!(
        docs(&bomb).unwrap_err().kind,
        ManifestErrorKind::TooManyNodes
    );
    let many: String = "a: &a x\nb: [".to_owned() + &"*a, ".repeat(10_001) + "]\n";
    assert_eq!(
        docs(&many).unwrap_err().kind,
        ManifestErrorKind::TooManyAliases
    );
    assert_eq!(
        docs("a: *nope\n").unwrap_err().kind,
        ManifestErrorKind::Syntax
    );
}
