/**
 * Just enough MIME to read what nodemailer writes (tests only): unfolded headers, RFC 2047 words,
 * multipart bodies, quoted-printable and base64 parts.
 */
export interface MimePart {
  headers: Map<string, string>;
  body: string;
  parts: MimePart[];
}

export function parseMime(raw: string): MimePart {
  const cut = raw.search(/\r?\n\r?\n/);
  const head = cut === -1 ? raw : raw.slice(0, cut);
  const rest = cut === -1 ? '' : raw.slice(cut).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), decodeWords(line.slice(i + 1).trim()));
  }
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.startsWith('multipart/') && boundary) {
    const pieces = rest.split(`--${boundary}`).slice(1, -1);
    return { headers, body: '', parts: pieces.map((p) => parseMime(p.replace(/^\r?\n/, ''))) };
  }
  return { headers, body: decodeBody(rest, headers.get('content-transfer-encoding') ?? '7bit'), parts: [] };
}

function decodeBody(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => `%${h}`);
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
  }
  return body;
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_m, _charset: string, enc: string, text: string) => {
      if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const qp = text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => `%${h}`);
      return decodeURIComponent(qp.replace(/%(?![0-9A-F]{2})/gi, '%25'));
    });
}

/** The first leaf part of a type (`text/plain`, `text/html`). */
export function partOf(m: MimePart, type: string): MimePart | undefined {
  if (m.parts.length === 0) return (m.headers.get('content-type') ?? 'text/plain').startsWith(type) ? m : undefined;
  for (const p of m.parts) {
    const found = partOf(p, type);
    if (found) return found;
  }
  return undefined;
}
