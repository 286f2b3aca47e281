//! Editing command lines and mounts: Argo CD's pflag syntax and redis-server's.

use crate::model::SecretMount;
use crate::resolve::settings::{Kind, SETTINGS};

/// Replaces or adds a mount (by mount path).
pub(super) fn put_mount(mounts: &mut Vec<SecretMount>, m: SecretMount) {
    mounts.retain(|x| x.mount_path != m.mount_path && x.volume != m.volume);
    mounts.push(m);
}

/// Removes every `--flag`, `--flag=…` and (for a flag taking a value) `--flag value` from an
/// Argo CD command line (pflag syntax), keeping the binary first.
pub(in crate::plan::posture) fn remove_flag(args: &mut Vec<String>, flag: &str) {
    let bare = format!("--{flag}");
    let with = format!("--{flag}=");
    let is_bool = SETTINGS
        .iter()
        .any(|s| s.flag == Some(flag) && s.kind == Kind::Bool)
        || flag.ends_with("-tls")
        || flag.ends_with("-plaintext")
        || flag == "insecure";
    let mut out = Vec::with_capacity(args.len());
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if a.starts_with(&with) {
            continue;
        }
        if *a == bare {
            if !is_bool && args.get(i).is_some_and(|n| !n.starts_with("--")) {
                i += 1;
            }
            continue;
        }
        out.push(a.clone());
    }
    *args = out;
}

/// Sets `--flag` (a boolean, `None`) or `--flag=value` on an Argo CD command line.
pub(in crate::plan::posture) fn set_flag(args: &mut Vec<String>, flag: &str, value: Option<&str>) {
    remove_flag(args, flag);
    args.push(match value {
        Some(v) => format!("--{flag}={v}"),
        None => format!("--{flag}"),
    });
}

/// Removes `flag value` from redis-server's arguments (its own syntax: separate words).
pub(super) fn remove_redis_arg(args: &mut Vec<String>, flag: &str) {
    if let Some(i) = args.iter().position(|a| a == flag) {
        let end = (i + 2).min(args.len());
        args.drain(i..end);
    }
}

pub(super) fn set_redis_arg(args: &mut Vec<String>, flag: &str, value: &str) {
    remove_redis_arg(args, flag);
    args.push(flag.to_string());
    args.push(value.to_string());
}
