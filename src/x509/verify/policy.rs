//! Go's `policiesValid` (verify.go): RFC 5280 policy processing as updated by RFC 9618 (the policy
//! graph), run by `Verify` on every candidate chain with Go's defaults (no user policy set, no
//! initial inhibit/require flags).

use std::collections::{BTreeMap, BTreeSet};

use crate::x509::parse::Certificate;

const ANY_POLICY: &str = "2.5.29.32.0";

struct Node {
    valid: String,
    expected: Vec<String>,
    parents: BTreeSet<usize>,
    children: BTreeSet<usize>,
}

struct Graph {
    nodes: Vec<Node>,
    strata: Vec<BTreeMap<String, usize>>,
    parent_index: BTreeMap<String, Vec<usize>>,
    depth: usize,
}

impl Graph {
    fn new() -> Self {
        let root = Node {
            valid: ANY_POLICY.to_string(),
            expected: vec![ANY_POLICY.to_string()],
            parents: BTreeSet::new(),
            children: BTreeSet::new(),
        };
        let mut stratum = BTreeMap::new();
        stratum.insert(ANY_POLICY.to_string(), 0);
        Self {
            nodes: vec![root],
            strata: vec![stratum],
            parent_index: BTreeMap::new(),
            depth: 0,
        }
    }

    fn new_node(&mut self, valid: &str, parents: &[usize]) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            valid: valid.to_string(),
            expected: vec![valid.to_string()],
            parents: crate::sort::sorted_set(parents.iter().copied()),
            children: BTreeSet::new(),
        });
        for p in parents {
            if let Some(pn) = self.nodes.get_mut(*p) {
                pn.children.insert(id);
            }
        }
        id
    }

    fn insert(&mut self, id: usize) {
        let Some(valid) = self.nodes.get(id).map(|n| n.valid.clone()) else {
            return;
        };
        if let Some(s) = self.strata.get_mut(self.depth) {
            s.insert(valid, id);
        }
    }

    fn parents_with_expected(&self, expected: &str) -> Vec<usize> {
        if self.depth == 0 {
            return Vec::new();
        }
        self.parent_index.get(expected).cloned().unwrap_or_default()
    }

    fn parent_with_any_policy(&self) -> Option<usize> {
        if self.depth == 0 {
            return None;
        }
        self.strata.get(self.depth - 1)?.get(ANY_POLICY).copied()
    }

    fn parents(&self) -> Vec<usize> {
        if self.depth == 0 {
            return Vec::new();
        }
        self.strata
            .get(self.depth - 1)
            .map(|s| s.values().copied().collect())
            .unwrap_or_default()
    }

    fn leaf_with_policy(&self, policy: &str) -> Option<usize> {
        self.strata.get(self.depth)?.get(policy).copied()
    }

    fn delete_leaf(&mut self, policy: &str) {
        let Some(id) = self.leaf_with_policy(policy) else {
            return;
        };
        let (parents, children) = match self.nodes.get(id) {
            Some(n) => (n.parents.clone(), n.children.clone()),
            None => return,
        };
        for p in parents {
            if let Some(pn) = self.nodes.get_mut(p) {
                pn.children.remove(&id);
            }
        }
        for c in children {
            if let Some(cn) = self.nodes.get_mut(c) {
                cn.parents.remove(&id);
            }
        }
        if let Some(s) = self.strata.get_mut(self.depth) {
            s.remove(policy);
        }
    }

    fn valid_policy_nodes(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for stratum in self.strata.iter().rev() {
            for &id in stratum.values() {
                let Some(n) = self.nodes.get(id) else {
                    continue;
                };
                if n.valid == ANY_POLICY {
                    continue;
                }
                if n.parents.len() == 1
                    && n.parents
                        .iter()
                        .all(|p| self.nodes.get(*p).is_some_and(|pn| pn.valid == ANY_POLICY))
                {
                    out.push(id);
                }
            }
        }
        out
    }

    fn prune(&mut self) {
        let mut i = self.depth;
        while i > 1 {
            i -= 1;
            let ids: Vec<(String, usize)> = self
                .strata
                .get(i)
                .map(|s| s.iter().map(|(k, v)| (k.clone(), *v)).collect())
                .unwrap_or_default();
            for (key, id) in ids {
                let childless = self.nodes.get(id).is_some_and(|n| n.children.is_empty());
                if !childless {
                    continue;
                }
                let parents = self
                    .nodes
                    .get(id)
                    .map(|n| n.parents.clone())
                    .unwrap_or_default();
                for p in parents {
                    if let Some(pn) = self.nodes.get_mut(p) {
                        pn.children.remove(&id);
                    }
                }
                if let Some(s) = self.strata.get_mut(i) {
                    s.remove(&key);
                }
            }
        }
    }

    fn incr_depth(&mut self) {
        let mut index: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        if let Some(s) = self.strata.get(self.depth) {
            for &id in s.values() {
                if let Some(n) = self.nodes.get(id) {
                    for e in &n.expected {
                        index.entry(e.clone()).or_default().push(id);
                    }
                }
            }
        }
        self.parent_index = index;
        self.depth += 1;
        self.strata.push(BTreeMap::new());
    }
}

fn positive_or_zero(v: Option<i64>) -> Option<i64> {
    // Go: `(X > 0 || XZero)`; `Some(0)` is XZero, negative values are ignored.
    v.filter(|x| *x >= 0)
}

/// Go's `policiesValid(chain, opts)` with default options.
pub(crate) fn policies_valid(chain: &[&Certificate]) -> bool {
    if chain.len() == 1 {
        return true;
    }
    let n = chain.len() as i64 - 1;
    let mut pg = Some(Graph::new());
    let mut inhibit_any_policy = n + 1;
    let mut explicit_policy = n + 1;
    let mut policy_mapping = n + 1;

    let count = chain.len() - 1;
    for i in (0..count).rev() {
        let Some(cert) = chain.get(i) else { continue };
        let is_self_signed = cert.raw_issuer == cert.raw_subject;
        if cert.policies.is_empty() {
            pg = None;
        }
        if explicit_policy == 0 && pg.is_none() {
            return false;
        }
        if let Some(g) = pg.as_mut() {
            g.incr_depth();
            let mut policies: BTreeSet<&str> = BTreeSet::new();
            for policy in &cert.policies {
                policies.insert(policy);
                if policy == ANY_POLICY {
                    continue;
                }
                let mut parents = g.parents_with_expected(policy);
                if parents.is_empty()
                    && let Some(any) = g.parent_with_any_policy()
                {
                    parents = vec![any];
                }
                if !parents.is_empty() {
                    let id = g.new_node(policy, &parents);
                    g.insert(id);
                }
            }
            let n_minus_i = n - i as i64;
            if policies.contains(ANY_POLICY)
                && (inhibit_any_policy > 0 || (n_minus_i < n && is_self_signed))
            {
                let mut missing: BTreeMap<String, Vec<usize>> = BTreeMap::new();
                let leaves: BTreeSet<String> = g
                    .strata
                    .get(g.depth)
                    .map(|s| crate::sort::sorted_set(s.keys().cloned()))
                    .unwrap_or_default();
                for p in g.parents() {
                    let expected = g
                        .nodes
                        .get(p)
                        .map(|x| x.expected.clone())
                        .unwrap_or_default();
                    for e in expected {
                        if !leaves.contains(&e) {
                            missing.entry(e).or_default().push(p);
                        }
                    }
                }
                for (oid, parents) in missing {
                    let id = g.new_node(&oid, &parents);
                    g.insert(id);
                }
            }
            g.prune();

            if i != 0 && !cert.policy_mappings.is_empty() {
                let mut mappings: BTreeMap<String, Vec<String>> = BTreeMap::new();
                for m in &cert.policy_mappings {
                    if policy_mapping > 0 {
                        if m.issuer_domain_policy == ANY_POLICY
                            || m.subject_domain_policy == ANY_POLICY
                        {
                            return false;
                        }
                        mappings
                            .entry(m.issuer_domain_policy.clone())
                            .or_default()
                            .push(m.subject_domain_policy.clone());
                    } else {
                        g.delete_leaf(&m.issuer_domain_policy);
                    }
                }
                g.prune();
                for (issuer, subjects) in mappings {
                    if let Some(id) = g.leaf_with_policy(&issuer) {
                        if let Some(node) = g.nodes.get_mut(id) {
                            node.expected = subjects;
                        }
                    } else if let Some(any) = g.leaf_with_policy(ANY_POLICY) {
                        let id = g.new_node(&issuer, &[any]);
                        if let Some(node) = g.nodes.get_mut(id) {
                            node.expected = subjects;
                        }
                        g.insert(id);
                    }
                }
            }
        }

        if i != 0 {
            if !is_self_signed {
                if explicit_policy > 0 {
                    explicit_policy -= 1;
                }
                if policy_mapping > 0 {
                    policy_mapping -= 1;
                }
                if inhibit_any_policy > 0 {
                    inhibit_any_policy -= 1;
                }
            }
            if let Some(v) = positive_or_zero(cert.require_explicit_policy)
                && v < explicit_policy
            {
                explicit_policy = v;
            }
            if let Some(v) = positive_or_zero(cert.inhibit_policy_mapping)
                && v < policy_mapping
            {
                policy_mapping = v;
            }
            if let Some(v) = positive_or_zero(cert.inhibit_any_policy)
                && v < inhibit_any_policy
            {
                inhibit_any_policy = v;
            }
        }
    }

    if explicit_policy > 0 {
        explicit_policy -= 1;
    }
    if chain
        .first()
        .is_some_and(|c| c.require_explicit_policy == Some(0))
    {
        explicit_policy = 0;
    }

    let mut valid_set: BTreeSet<String> = BTreeSet::new();
    if let Some(g) = &pg {
        for id in g.valid_policy_nodes() {
            if let Some(node) = g.nodes.get(id) {
                valid_set.insert(node.valid.clone());
            }
        }
        if g.leaf_with_policy(ANY_POLICY).is_some() {
            valid_set.insert(ANY_POLICY.to_string());
        }
    }
    // The user policy set is {anyPolicy}, so the user-constrained set is the authority one.
    !(explicit_policy == 0 && valid_set.is_empty())
}
