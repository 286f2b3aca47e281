//! Reading a posture: JSON, or YAML through the manifest reader's tree (the same parser and
//! budgets as the manifests). Plain scalars follow YAML 1.2's core schema, as the page's YAML
//! library does: only `true`/`false` are booleans (a `y` or `on` stays a string).

use serde_json::{Map, Number, Value};

use super::{Posture, PostureError};
use crate::model::manifest::tree::{self, Node, TreeError};

/// The largest posture read (it carries at most a few PEMs).
const MAX_POSTURE_BYTES: usize = 1024 * 1024;

/// Reads a posture from JSON (text starting with `{`) or YAML (one document).
///
/// # Errors
/// [`PostureError::Read`] with the position where the reader knows it.
pub fn read_posture(text: &str) -> Result<Posture, PostureError> {
    if text.len() > MAX_POSTURE_BYTES {
        return Err(read_error(
            format!("the posture is larger than {MAX_POSTURE_BYTES} bytes"),
            None,
        ));
    }
    let value = if text.trim_start().starts_with('{') {
        serde_json::from_str::<Value>(text).map_err(|e| {
            read_error(
                crate::error::redact_quoted_values(&e.to_string()),
                Some((e.line(), e.column())).filter(|(l, _)| *l > 0),
            )
        })?
    } else {
        yaml_value(text)?
    };
    serde_json::from_value(value)
        .map_err(|e| read_error(crate::error::redact_quoted_values(&e.to_string()), None))
}

fn read_error(message: String, at: Option<(usize, usize)>) -> PostureError {
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    PostureError::Read {
        message,
        line: at.map(|(l, _)| to_u32(l)),
        column: at.map(|(_, c)| to_u32(c)),
    }
}

impl From<TreeError> for PostureError {
    fn from(e: TreeError) -> Self {
        read_error(
            e.message,
            Some((e.mark.line.saturating_add(1), e.mark.col.saturating_add(1))),
        )
    }
}

/// The one YAML document of `text` as JSON (an empty stream is an empty posture).
fn yaml_value(text: &str) -> Result<Value, PostureError> {
    let mut docs = Vec::new();
    tree::for_each_document(text, |root: Node<'_>| -> Result<(), PostureError> {
        docs.push(to_json(&root));
        Ok(())
    })?;
    match docs.len() {
        0 => Ok(Value::Object(Map::new())),
        1 => Ok(docs.remove(0)),
        n => Err(read_error(
            format!("a posture is one YAML document, found {n}"),
            None,
        )),
    }
}

/// A YAML node as JSON: plain scalars by YAML 1.2's core schema (null, `true`/`false`,
/// integers, floats), everything else as strings.
pub(super) fn to_json(node: &Node<'_>) -> Value {
    let node = node.target();
    if node.is_sequence() {
        return Value::Array(node.items().iter().map(to_json).collect());
    }
    if node.is_mapping() {
        return Value::Object(
            node.entries()
                .into_iter()
                .map(|(k, v)| (k.to_string(), to_json(v)))
                .collect(),
        );
    }
    if node.is_null() {
        return Value::Null;
    }
    let text = node.scalar().unwrap_or_default();
    if let tree::Value::Scalar { plain: true, .. } = &node.value {
        match text {
            "true" | "True" | "TRUE" => return Value::Bool(true),
            "false" | "False" | "FALSE" => return Value::Bool(false),
            _ => {}
        }
        if let Ok(i) = text.parse::<i64>() {
            return Value::Number(i.into());
        }
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_string())
}
