//! Stable sorting through one instantiation of the standard library's sort, and sorted maps and
//! sets built by insertion, for the wasm module's size.
//!
//! `slice::sort_by` is generic over the element and the comparison closure, so each call site
//! links its own copy of the driftsort/quicksort code (1.5–3.3 KB of wasm each; eleven sites cost
//! 33 KB before wasm-opt, measured in DESIGN.md). Here the standard sort runs once, on a
//! permutation of indices with a `dyn` comparison, and the permutation is applied to the
//! elements. The result is exactly `v.sort_by(cmp)`: the sort of the indices is stable and ties
//! keep index order.
//!
//! `BTreeMap`/`BTreeSet` built with `collect` or `from([..])` sort their items first (another
//! sort instantiation per key and value type, plus a bulk builder); [`sorted_map`] and
//! [`sorted_set`] insert one by one instead, through the `insert` each type links anyway. A
//! repeated key keeps its last value, as `collect` does.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The stable order of `n` elements under `cmp` (indices into them).
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|a, b| cmp(*a, *b));
    idx
}

/// `v.sort_by(cmp)` (stable).
pub(crate) fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// `v.sort_by_key(key)` (stable).
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `items.into_iter().collect::<BTreeMap<_, _>>()`.
pub(crate) fn sorted_map<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in items {
        map.insert(k, v);
    }
    map
}

/// `items.into_iter().collect::<BTreeSet<_>>()`.
pub(crate) fn sorted_set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::{sort_by, sort_by_key, sorted_map, sorted_set};

    /// The same map and set as `collect`, a repeated key keeping its last value.
    #[test]
    fn same_as_collect() {
        let items = [(3, "a"), (1, "b"), (3, "c"), (2, "d"), (1, "e")];
        assert_eq!(
            sorted_map(items),
            items.into_iter().collect::<BTreeMap<_, _>>()
        );
        assert_eq!(sorted_map(items).get(&3), Some(&"c"));
        let keys = items.map(|(k, _)| k);
        assert_eq!(sorted_set(keys), keys.into_iter().collect::<BTreeSet<_>>());
    }

    fn by_first(a: &(u8, usize), b: &(u8, usize)) -> std::cmp::Ordering {
        a.0.cmp(&b.0)
    }

    /// The same order as the standard library's stable sort, ties included.
    #[test]
    fn same_as_std_stable_sort() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in [0usize, 1, 2, 3, 7, 20, 21, 64, 200, 1000] {
            let v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 5) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by(by_first);
            let mut got = v.clone();
            sort_by(&mut got, by_first);
            assert_eq!(got, want);
            let mut got = v.clone();
            sort_by_key(&mut got, |a| std::cmp::Reverse(a.0));
            let mut want = v.clone();
            want.sort_by_key(|a| std::cmp::Reverse(a.0));
            assert_eq!(got, want);
        }
    }
}
