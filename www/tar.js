// One POSIX ustar archive of text files: how the page downloads a plan's bundle (many files, one
// download, no dependency). Regular files only (`tar -xf` makes their folders), mode 0644,
// owner 0:0, every entry stamped `mtime` (seconds since the epoch).

const enc = new TextEncoder();

function put(block, offset, length, text) {
  const bytes = enc.encode(text);
  if (bytes.length > length) throw new Error(`tar: "${text}" does not fit in ${length} bytes`);
  block.set(bytes, offset);
}

/** An octal field of `length` bytes: digits, then NUL. */
const octal = (n, length) => `${Math.floor(n).toString(8).padStart(length - 1, '0')}\0`;

/** A path as ustar's `prefix` (≤ 155 bytes) and `name` (≤ 100 bytes), split at a slash. */
function splitPath(path) {
  if (enc.encode(path).length <= 100) return ['', path];
  for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (enc.encode(prefix).length <= 155 && enc.encode(name).length <= 100) return [prefix, name];
  }
  throw new Error(`tar: the path ${path} is too long for a ustar archive`);
}

/** `files`: `[{ path, content }]` (content is text) → the archive's bytes. */
export function tar(files, mtime = 0) {
  const parts = [];
  let size = 0;
  for (const f of files) {
    const path = String(f.path);
    if (!path || path.startsWith('/') || path.split('/').includes('..')) throw new Error(`tar: refusing the path ${path}`);
    const data = enc.encode(String(f.content));
    const header = new Uint8Array(512);
    const [prefix, name] = splitPath(path);
    put(header, 0, 100, name);
    put(header, 100, 8, octal(0o644, 8));
    put(header, 108, 8, octal(0, 8));
    put(header, 116, 8, octal(0, 8));
    put(header, 124, 12, octal(data.length, 12));
    put(header, 136, 12, octal(mtime, 12));
    put(header, 148, 8, '        '); // the checksum counts its own field as spaces
    put(header, 156, 1, '0');
    put(header, 257, 6, 'ustar\0');
    put(header, 263, 2, '00');
    put(header, 345, 155, prefix);
    const sum = header.reduce((a, b) => a + b, 0);
    put(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    parts.push(header, padded);
    size += 512 + padded.length;
  }
  const out = new Uint8Array(size + 1024); // two zero blocks end the archive
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
