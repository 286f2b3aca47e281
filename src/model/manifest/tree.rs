//! A small YAML tree with positions, built from `saphyr-parser`'s event stream.
//!
//! Why not a DOM crate: the page needs a line and a column for every workload, ConfigMap, Secret
//! and error, and untrusted input needs budgets that a DOM loader does not enforce:
//!
//! * nesting depth ([`MAX_DEPTH`]): deeper input is an error, never a stack overflow;
//! * nodes per document ([`MAX_NODES_PER_DOCUMENT`], alias expansions included);
//! * nodes reached through aliases ([`MAX_ALIAS_EXPANSION`] per input) and the number of aliases
//!   ([`MAX_ALIASES`] per document): a "billion laughs" document fails in microseconds.
//!
//! Aliases are not copied: an alias node shares its anchor's subtree (`Rc`), and the budget is
//! charged with the subtree's expanded size, as if it were copied. Documents are handed to the
//! caller one at a time, so memory holds one document, not the whole stream.
//!
//! Mapping keys follow the Kubernetes YAML reader (go-yaml through `sigs.k8s.io/yaml`): a later
//! duplicate key wins over an earlier one, and YAML 1.1 merge keys (`<<: *anchor`) are honoured.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError};

use super::ManifestErrorKind;

/// Deepest nesting of collections in a document.
pub(crate) const MAX_DEPTH: usize = 256;
/// Most nodes in one document, counting each alias as the size of what it refers to. The largest
/// document of the v3.5.1 install manifest (a CRD) has about 45,000.
pub(crate) const MAX_NODES_PER_DOCUMENT: u64 = 2_000_000;
/// Most nodes reached through aliases in one input.
pub(crate) const MAX_ALIAS_EXPANSION: u64 = 1_000_000;
/// Most aliases in one document.
pub(crate) const MAX_ALIASES: u32 = 10_000;
/// Deepest chain of merge keys (`<<`) followed by a lookup.
const MAX_MERGE_DEPTH: usize = 32;

/// Where a node or error is: 0-based character index, 1-based line, 0-based column in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mark {
    pub(crate) index: usize,
    pub(crate) line: usize,
    pub(crate) col: usize,
}

impl From<&Marker> for Mark {
    fn from(m: &Marker) -> Self {
        Self {
            index: m.index(),
            line: m.line(),
            col: m.col(),
        }
    }
}

/// A problem building the tree (syntax or budget).
#[derive(Debug)]
pub(crate) struct TreeError {
    pub(crate) kind: ManifestErrorKind,
    pub(crate) mark: Mark,
    pub(crate) message: String,
}

impl TreeError {
    fn new(kind: ManifestErrorKind, mark: Mark, message: impl Into<String>) -> Self {
        Self {
            kind,
            mark,
            message: message.into(),
        }
    }
}

impl From<ScanError> for TreeError {
    fn from(e: ScanError) -> Self {
        Self::new(ManifestErrorKind::Syntax, e.marker().into(), e.info())
    }
}

/// A YAML node and where it starts.
#[derive(Debug)]
pub(crate) struct Node<'a> {
    pub(crate) mark: Mark,
    pub(crate) value: Value<'a>,
}

/// A YAML node's content. Tags are ignored (Kubernetes ignores them too, apart from the core
/// schema, which only changes how a plain scalar reads).
#[derive(Debug)]
pub(crate) enum Value<'a> {
    /// A scalar; `plain` is false for quoted and block scalars (never null or boolean).
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Sequence(Vec<Node<'a>>),
    Mapping(Vec<(Node<'a>, Node<'a>)>),
    /// An alias, or an anchored node (shared with its aliases).
    Alias(Rc<Node<'a>>),
}

impl<'a> Node<'a> {
    /// The node an alias stands for (the node itself otherwise).
    pub(crate) fn target(&self) -> &Self {
        match &self.value {
            // An anchored node is never itself an alias (YAML forbids `&a *b`), so one step
            // suffices.
            Value::Alias(rc) => rc,
            _ => self,
        }
    }

    /// The text of a scalar that is not null.
    pub(crate) fn scalar(&self) -> Option<&str> {
        match &self.target().value {
            Value::Scalar { text, plain } => {
                if *plain && is_null(text) {
                    None
                } else {
                    Some(text)
                }
            }
            _ => None,
        }
    }

    /// Whether the node is null (a plain `~`, `null` or empty scalar).
    pub(crate) fn is_null(&self) -> bool {
        matches!(&self.target().value, Value::Scalar { text, plain: true } if is_null(text))
    }

    /// A boolean the way go-yaml (YAML 1.1) reads a plain scalar: `true`/`yes`/`on`/`y`… Quoted
    /// strings and anything else are `None`.
    pub(crate) fn boolean(&self) -> Option<bool> {
        match &self.target().value {
            Value::Scalar { text, plain: true } => match text.as_ref() {
                "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On"
                | "ON" => Some(true),
                "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off"
                | "OFF" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// The items of a sequence (empty for anything else).
    pub(crate) fn items(&self) -> &[Self] {
        match &self.target().value {
            Value::Sequence(items) => items,
            _ => &[],
        }
    }

    /// Whether the node is a mapping.
    pub(crate) fn is_mapping(&self) -> bool {
        matches!(self.target().value, Value::Mapping(_))
    }

    /// Whether the node is a sequence.
    pub(crate) fn is_sequence(&self) -> bool {
        matches!(self.target().value, Value::Sequence(_))
    }

    /// The value under `key` in a mapping: the last such key wins; merge keys fill in the rest.
    pub(crate) fn get(&self, key: &str) -> Option<&Self> {
        self.get_merged(key, 0)
    }

    fn get_merged(&self, key: &str, depth: usize) -> Option<&Self> {
        let Value::Mapping(entries) = &self.target().value else {
            return None;
        };
        let own = entries
            .iter()
            .rev()
            .find(|(k, _)| k.scalar() == Some(key) && !k.is_merge_key())
            .map(|(_, v)| v);
        if own.is_some() || depth >= MAX_MERGE_DEPTH {
            return own;
        }
        entries
            .iter()
            .filter(|(k, _)| k.is_merge_key())
            .flat_map(|(_, v)| merge_sources(v))
            .find_map(|source| source.get_merged(key, depth + 1))
    }

    /// The entries of a mapping with scalar keys, merge keys resolved, later keys winning (in
    /// the order of their first occurrence).
    pub(crate) fn entries(&self) -> Vec<(&str, &Self)> {
        let mut out = Vec::new();
        let mut index = HashMap::new();
        self.collect_entries(&mut out, &mut index, true, 0);
        out
    }

    fn collect_entries<'s>(
        &'s self,
        out: &mut Vec<(&'s str, &'s Self)>,
        index: &mut HashMap<&'s str, usize>,
        own: bool,
        depth: usize,
    ) {
        let Value::Mapping(entries) = &self.target().value else {
            return;
        };
        for (k, v) in entries {
            if k.is_merge_key() {
                continue;
            }
            let Some(name) = k.scalar() else { continue };
            match index.get(name) {
                Some(&i) => {
                    if let Some(slot) = out.get_mut(i).filter(|_| own) {
                        slot.1 = v;
                    }
                }
                None => {
                    index.insert(name, out.len());
                    out.push((name, v));
                }
            }
        }
        if depth < MAX_MERGE_DEPTH {
            for (_, v) in entries.iter().filter(|(k, _)| k.is_merge_key()) {
                for source in merge_sources(v) {
                    source.collect_entries(out, index, false, depth + 1);
                }
            }
        }
    }

    fn is_merge_key(&self) -> bool {
        matches!(&self.target().value, Value::Scalar { text, plain: true } if text == "<<")
    }
}

/// The mappings a merge key's value names: one mapping, or a sequence of them.
fn merge_sources<'n, 'a>(value: &'n Node<'a>) -> Vec<&'n Node<'a>> {
    if value.is_mapping() {
        vec![value]
    } else {
        value.items().iter().filter(|n| n.is_mapping()).collect()
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

enum Frame<'a> {
    Sequence {
        mark: Mark,
        anchor: usize,
        size: u64,
        items: Vec<Node<'a>>,
    },
    Mapping {
        mark: Mark,
        anchor: usize,
        size: u64,
        entries: Vec<(Node<'a>, Node<'a>)>,
        key: Option<Node<'a>>,
    },
}

/// Builds one document at a time and hands each non-empty root to `on_document`.
pub(crate) fn for_each_document<'a, E: From<TreeError>>(
    text: &'a str,
    mut on_document: impl FnMut(Node<'a>) -> Result<(), E>,
) -> Result<(), E> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(TreeError::from)?;
        let mark = Mark::from(&span.start);
        if let Some(root) = builder.event(event, mark)? {
            on_document(root)?;
        }
    }
    Ok(())
}

#[derive(Default)]
struct Builder<'a> {
    stack: Vec<Frame<'a>>,
    root: Option<Node<'a>>,
    anchors: HashMap<usize, (Rc<Node<'a>>, u64)>,
    nodes: u64,
    aliases: u32,
    expanded: u64,
}

impl<'a> Builder<'a> {
    /// Feeds one event; returns a finished document's root.
    fn event(&mut self, event: Event<'a>, mark: Mark) -> Result<Option<Node<'a>>, TreeError> {
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(_) => {
                self.anchors.clear();
                self.stack.clear();
                self.root = None;
                self.nodes = 0;
                self.aliases = 0;
            }
            Event::DocumentEnd => {
                self.anchors.clear();
                return Ok(self.root.take().filter(|root| !root.is_null()));
            }
            Event::Alias(id) => {
                self.aliases = self.aliases.saturating_add(1);
                if self.aliases > MAX_ALIASES {
                    return Err(TreeError::new(
                        ManifestErrorKind::TooManyAliases,
                        mark,
                        format!("more than {MAX_ALIASES} aliases in one document"),
                    ));
                }
                let Some((target, size)) = self.anchors.get(&id) else {
                    return Err(TreeError::new(
                        ManifestErrorKind::Syntax,
                        mark,
                        "alias to an anchor that is not defined before it in this document",
                    ));
                };
                let (target, size) = (Rc::clone(target), *size);
                self.expanded = self.expanded.saturating_add(size);
                if self.expanded > MAX_ALIAS_EXPANSION {
                    return Err(TreeError::new(
                        ManifestErrorKind::TooManyNodes,
                        mark,
                        format!(
                            "aliases expand to more than {MAX_ALIAS_EXPANSION} nodes (a \"billion laughs\" document?)"
                        ),
                    ));
                }
                self.count(mark, size)?;
                let node = Node {
                    mark,
                    value: Value::Alias(target),
                };
                self.finish(node, size, 0);
            }
            Event::Scalar(text, style, anchor, _tag) => {
                self.count(mark, 1)?;
                let node = Node {
                    mark,
                    value: Value::Scalar {
                        text,
                        plain: style == ScalarStyle::Plain,
                    },
                };
                self.finish(node, 1, anchor);
            }
            Event::SequenceStart(anchor, _tag) => {
                self.open(mark)?;
                self.stack.push(Frame::Sequence {
                    mark,
                    anchor,
                    size: 1,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, _tag) => {
                self.open(mark)?;
                self.stack.push(Frame::Mapping {
                    mark,
                    anchor,
                    size: 1,
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, size, anchor) = match self.stack.pop() {
                    Some(Frame::Sequence {
                        mark,
                        anchor,
                        size,
                        items,
                    }) => (
                        Node {
                            mark,
                            value: Value::Sequence(items),
                        },
                        size,
                        anchor,
                    ),
                    Some(Frame::Mapping {
                        mark,
                        anchor,
                        size,
                        entries,
                        ..
                    }) => (
                        Node {
                            mark,
                            value: Value::Mapping(entries),
                        },
                        size,
                        anchor,
                    ),
                    None => {
                        return Err(TreeError::new(
                            ManifestErrorKind::Syntax,
                            mark,
                            "unbalanced collection end",
                        ));
                    }
                };
                self.finish(node, size, anchor);
            }
        }
        Ok(None)
    }

    fn open(&mut self, mark: Mark) -> Result<(), TreeError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(TreeError::new(
                ManifestErrorKind::TooDeep,
                mark,
                format!("collections nested more than {MAX_DEPTH} deep"),
            ));
        }
        self.count(mark, 1)
    }

    fn count(&mut self, mark: Mark, size: u64) -> Result<(), TreeError> {
        self.nodes = self.nodes.saturating_add(size);
        if self.nodes > MAX_NODES_PER_DOCUMENT {
            return Err(TreeError::new(
                ManifestErrorKind::TooManyNodes,
                mark,
                format!("a document with more than {MAX_NODES_PER_DOCUMENT} nodes"),
            ));
        }
        Ok(())
    }

    /// Attaches a finished node to its parent (or makes it the root), registering its anchor.
    fn finish(&mut self, node: Node<'a>, size: u64, anchor: usize) {
        let node = if anchor == 0 {
            node
        } else {
            let mark = node.mark;
            let shared = Rc::new(node);
            self.anchors.insert(anchor, (Rc::clone(&shared), size));
            Node {
                mark,
                value: Value::Alias(shared),
            }
        };
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Sequence {
                size: total, items, ..
            }) => {
                *total = total.saturating_add(size);
                items.push(node);
            }
            Some(Frame::Mapping {
                size: total,
                entries,
                key,
                ..
            }) => {
                *total = total.saturating_add(size);
                match key.take() {
                    None => *key = Some(node),
                    Some(k) => entries.push((k, node)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
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
}
