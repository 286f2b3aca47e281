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
    on_document: impl FnMut(Node<'a>) -> Result<(), E>,
) -> Result<(), E> {
    for_each_wanted_document(text, |_| true, on_document)
}

/// [`for_each_document`], except that a document whose top-level `kind` [`Chunk::kind`] reads
/// cheaply and for which `wanted(chunk)` is false is not parsed at all (see [`split_documents`]
/// for what such a document is checked for). The budgets and positions of the documents that are
/// parsed are the same as when the whole stream is parsed.
pub(crate) fn for_each_wanted_document<'a, E: From<TreeError>>(
    text: &'a str,
    mut wanted: impl FnMut(&Chunk<'a>) -> bool,
    mut on_document: impl FnMut(Node<'a>) -> Result<(), E>,
) -> Result<(), E> {
    let mut builder = Builder::default();
    for chunk in split_documents(text) {
        if chunk.kind.is_some() && !wanted(&chunk) {
            continue;
        }
        let mut parser = Parser::new_from_str(chunk.text);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| {
                let mut e = TreeError::from(e);
                e.mark = chunk.shift(e.mark);
                e
            })?;
            let mark = chunk.shift(Mark::from(&span.start));
            if let Some(root) = builder.event(event, mark)? {
                on_document(root)?;
            }
        }
    }
    Ok(())
}

/// A piece of a YAML stream that starts at a line beginning with a document marker `---` (or at
/// the start of the stream) and ends before the next such line.
#[derive(Debug)]
pub(crate) struct Chunk<'a> {
    pub(crate) text: &'a str,
    /// Lines before the chunk.
    line: usize,
    /// Characters before the chunk.
    index: usize,
    /// The top-level `kind`, when it can be read without parsing: see [`split_documents`].
    pub(crate) kind: Option<&'a str>,
    /// Whether the chunk's `metadata` certainly has no `namespace` key (only computed when
    /// `kind` is known).
    pub(crate) no_namespace: bool,
}

impl Chunk<'_> {
    fn shift(&self, mark: Mark) -> Mark {
        Mark {
            index: mark.index.saturating_add(self.index),
            line: mark.line.saturating_add(self.line),
            col: mark.col,
        }
    }
}

/// Splits a YAML stream at the lines that begin with the document marker `---` (followed by a
/// space, a tab or the line's end). YAML forbids such a line inside a scalar (`c-forbidden`), so
/// every document lies within one chunk, and parsing the chunks one after the other yields the
/// same documents as parsing the stream. Streams with a directive line (`%…`) or a bare carriage
/// return (a line break this scan does not follow) come back as one chunk.
///
/// A chunk's `kind` is read without parsing only when all of this holds (otherwise it is `None`
/// and the chunk is parsed):
/// * the marker line carries nothing but an optional comment, and no line of the chunk is a
///   document-end marker `...` (so the chunk holds at most one document);
/// * its first line with content begins a plain key at column 0 (a block mapping at the top level,
///   whose keys are then exactly its column-0 lines: in YAML continuation lines of any value of it
///   are indented);
/// * exactly one column-0 line starts with `kind` as a key (plain or quoted) and it is a plain
///   `kind: Word` (ASCII letters and digits, then only spaces or a comment).
fn split_documents(text: &str) -> Vec<Chunk<'_>> {
    let whole = || {
        vec![Chunk {
            text,
            line: 0,
            index: 0,
            kind: None,
            no_namespace: false,
        }]
    };
    let bytes = text.as_bytes();
    let bare_cr = memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
    if bare_cr || text.starts_with('%') || memchr::memmem::find(bytes, b"\n%").is_some() {
        return whole();
    }
    // Chunk starts: byte offsets of the marker lines (and 0).
    let mut starts = vec![0usize];
    for found in memchr::memmem::find_iter(bytes, b"\n---") {
        let line = found + 1;
        if is_marker(&text[line..]) {
            starts.push(line);
        }
    }
    starts.push(text.len());
    let ascii = text.is_ascii();
    let (mut line, mut index) = (0usize, 0usize);
    let mut out = Vec::with_capacity(starts.len());
    for pair in starts.windows(2) {
        let piece = &text[pair[0]..pair[1]];
        let (kind, no_namespace) = match read_kind(piece) {
            Some(kind) => (Some(kind), !has_namespace(piece)),
            None => (None, false),
        };
        out.push(Chunk {
            text: piece,
            line,
            index,
            kind,
            no_namespace,
        });
        line += memchr::memchr_iter(b'\n', piece.as_bytes()).count();
        index += if ascii {
            piece.len()
        } else {
            piece.chars().count()
        };
    }
    out
}

fn is_marker(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

fn strip_eol(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r'])
}

/// The lines of a chunk that start at column 0 with something other than a space or a tab (the
/// only lines [`read_kind`] and [`has_namespace`] look at closely), each with the byte offset just
/// past it.
fn column0_lines(chunk: &str) -> impl Iterator<Item = (&str, usize)> {
    let bytes = chunk.as_bytes();
    let mut at = 0usize;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at;
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(chunk.len(), |i| start + i + 1);
            at = end;
            if !matches!(bytes.get(start), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                return Some((strip_eol(&chunk[start..end]), end));
            }
        }
        None
    })
}

/// The chunk's top-level `kind` when it is certain without parsing (see [`split_documents`]).
fn read_kind(chunk: &str) -> Option<&str> {
    let mut body = chunk;
    if let Some(rest) = chunk.strip_prefix("---") {
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let marker_tail = strip_eol(&rest[..end]).trim_start_matches([' ', '\t']);
        if !marker_tail.is_empty() && !marker_tail.starts_with('#') {
            return None;
        }
        body = &rest[end..];
    }
    // The first line with content (blank and comment lines skipped) must start a plain key at
    // column 0.
    let first = body.split_inclusive('\n').map(strip_eol).find(|l| {
        let t = l.trim_start_matches([' ', '\t']);
        !t.is_empty() && !t.starts_with('#')
    })?;
    if !first.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let mut kind = None;
    for (line, next) in column0_lines(body) {
        if line.starts_with("...") {
            return None;
        }
        let Some(rest) = ["kind", "\"kind\"", "'kind'"]
            .iter()
            .find_map(|k| line.strip_prefix(k))
        else {
            continue;
        };
        let Some(value) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else {
            continue;
        };
        if kind.is_some() || !line.starts_with("kind") {
            return None;
        }
        let value = value.trim_start_matches([' ', '\t']);
        let end = value
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(value.len());
        let (word, tail) = value.split_at(end);
        let rest = tail.trim_start_matches([' ', '\t']);
        let tail_ok = tail.is_empty()
            || (tail.len() > rest.len() && (rest.is_empty() || rest.starts_with('#')));
        // The next line must not continue a multi-line plain scalar: it starts at column 0 with
        // content, or there is none.
        let next_ok = body
            .as_bytes()
            .get(next)
            .is_none_or(|b| !b.is_ascii_whitespace());
        if word.is_empty() || !tail_ok || !next_ok {
            return None;
        }
        kind = Some(word);
    }
    kind
}

/// Whether a chunk may set `metadata.namespace`: a column-0 `metadata` key whose value is not a
/// block on the following lines, or a line of that block that starts (after its indentation)
/// with `namespace`, quoted or not.
fn has_namespace(chunk: &str) -> bool {
    for (line, next) in column0_lines(chunk) {
        let Some(rest) = ["metadata", "\"metadata\"", "'metadata'"]
            .iter()
            .find_map(|k| line.strip_prefix(k))
        else {
            continue;
        };
        let Some(value) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else {
            return true;
        };
        let value = value.trim_start_matches([' ', '\t']);
        if !(value.is_empty() || value.starts_with('#')) {
            return true;
        }
        for l in chunk[next..].split_inclusive('\n') {
            if l.starts_with(|c: char| !c.is_ascii_whitespace() && c != '#') {
                break;
            }
            let t = l.trim_start_matches([' ', '\t']);
            if ["namespace", "\"namespace", "'namespace"]
                .iter()
                .any(|k| t.starts_with(k))
            {
                return true;
            }
        }
    }
    false
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
mod tests;
