//! Base64 as Kubernetes reads a Secret's `data`: Go's `encoding/json` decodes a `[]byte` field with
//! `base64.StdEncoding.Decode` (`$GOROOT/src/encoding/base64/base64.go`).
//!
//! Hand-written rather than taken from a crate because Go's exact behaviour is the point: `\r` and
//! `\n` are skipped anywhere, padding is required, non-zero trailing bits are accepted (the
//! encoding is not `Strict()`), and the error is Go's `illegal base64 data at input byte N` with
//! Go's offset. This is a line-by-line port of `decodeQuantum` (Go 1.26 / 1.27). Go's PEM reader
//! ([`super::pem`]) decodes block bodies with the same function, so it uses this port too.

/// The 6-bit value of each byte of the standard alphabet, `0xff` for any other byte.
const DECODE: [u8; 256] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut table = [0xff_u8; 256];
    let mut i = 0;
    while i < alphabet.len() {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Decodes `src` like Go's `base64.StdEncoding.DecodeString`; the error is Go's byte offset
/// (`CorruptInputError`).
pub(crate) fn decode_std(src: &[u8]) -> Result<Vec<u8>, usize> {
    // At most three bytes per (possibly partial) quantum of four input bytes.
    let mut dst = vec![0_u8; src.len() / 4 * 3 + 3];
    let mut n = 0;
    let mut si = 0;
    let mut tail = Vec::new();
    loop {
        // Newlines between quanta: `decodeQuantum` skips them the same way before its first
        // byte (and at the end of the input returns with nothing pending).
        si = skip_newlines(src, si);
        if si >= src.len() {
            break;
        }
        // Go's fast path (`assemble32`): four alphabet bytes in a row are one whole quantum,
        // exactly what `decodeQuantum` makes of them.
        if let (Some(&[a, b, c, d]), Some([x, y, z])) = (src.get(si..si + 4), dst.get_mut(n..n + 3))
        {
            let [a, b, c, d] = [a, b, c, d].map(|v| DECODE[usize::from(v)]);
            if (a | b | c | d) < 64 {
                let val = (u32::from(a) << 18)
                    | (u32::from(b) << 12)
                    | (u32::from(c) << 6)
                    | u32::from(d);
                [_, *x, *y, *z] = val.to_be_bytes();
                n += 3;
                si += 4;
                continue;
            }
        }
        tail.clear();
        si = decode_quantum(&mut tail, src, si)?;
        for (slot, byte) in dst.iter_mut().skip(n).zip(&tail) {
            *slot = *byte;
        }
        n += tail.len();
    }
    dst.truncate(n);
    Ok(dst)
}

fn is_newline(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

fn skip_newlines(src: &[u8], mut si: usize) -> usize {
    while src.get(si).is_some_and(|&b| is_newline(b)) {
        si += 1;
    }
    si
}

/// Decodes one 4-character quantum starting at `si`; returns the next `si`.
fn decode_quantum(dst: &mut Vec<u8>, src: &[u8], mut si: usize) -> Result<usize, usize> {
    let mut dbuf = [0_u8; 4];
    let mut dlen = 4;
    let mut trailing_garbage = None;
    let mut j = 0;
    while j < 4 {
        let Some(&byte) = src.get(si) else {
            // End of input: nothing pending is fine, a partial quantum is not (padding required).
            return if j == 0 { Ok(si) } else { Err(si - j) };
        };
        si += 1;
        let value = DECODE[usize::from(byte)];
        if value != 0xff {
            if let Some(slot) = dbuf.get_mut(j) {
                *slot = value;
            }
            j += 1;
            continue;
        }
        if is_newline(byte) {
            continue;
        }
        if byte != b'=' {
            return Err(si - 1);
        }
        // Padding: the end of the data.
        match j {
            0 | 1 => return Err(si - 1),
            2 => {
                // "==" is expected; the first "=" is consumed.
                si = skip_newlines(src, si);
                match src.get(si) {
                    None => return Err(src.len()),
                    Some(b'=') => si += 1,
                    Some(_) => return Err(si - 1),
                }
            }
            _ => {}
        }
        si = skip_newlines(src, si);
        if si < src.len() {
            trailing_garbage = Some(si);
        }
        dlen = j;
        break;
    }
    let [a, b, c, d] = dbuf.map(u32::from);
    let val = (a << 18) | (b << 12) | (c << 6) | d;
    let bytes = val.to_be_bytes();
    let out = bytes.get(1..dlen).unwrap_or_default();
    dst.extend_from_slice(out);
    match trailing_garbage {
        Some(offset) => Err(offset),
        None => Ok(si),
    }
}

#[cfg(test)]
mod tests {
    use super::decode_std;

    /// Expected values from Go 1.27's `base64.StdEncoding.DecodeString` (error offsets included).
    #[test]
    fn matches_go() {
        let cases: &[(&str, Result<&[u8], usize>)] = &[
            ("", Ok(b"")),
            ("Zm9v", Ok(b"foo")),
            ("Zm9vYg==", Ok(b"foob")),
            ("Zm9vYmE=", Ok(b"fooba")),
            ("Zm9v\nYmFy\r\n", Ok(b"foobar")),
            ("Zm9vYg=\n=", Ok(b"foob")),
            ("Zh==", Ok(b"f")),
            ("Zm9vYg", Err(4)),
            ("Zm9vY", Err(4)),
            ("Zm9v Yg==", Err(4)),
            ("Zm9vYg==Zm9v", Err(8)),
            ("Zm9vYg=", Err(7)),
            ("Zm9vYg=x", Err(6)),
            ("=Zm9", Err(0)),
            ("Z===", Err(1)),
            ("Zm9vYmE=\n\n", Ok(b"fooba")),
            ("Zm9-", Err(3)),
            ("\n\n", Ok(b"")),
        ];
        for (input, want) in cases {
            let got = decode_std(input.as_bytes());
            assert_eq!(got.as_deref().map_err(|e| *e), *want, "{input:?}");
        }
    }
}
