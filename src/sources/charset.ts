/**
 * Turns a feed's bytes into text when servers lie about the charset. Order: a byte-order mark;
 * then UTF-8 if the bytes are valid UTF-8 (legacy-encoded Chinese or Latin text almost never is,
 * while "UTF-8 served as ISO-8859-1" is common); then the XML declaration; then the Content-Type
 * charset; then windows-1252, which decodes any byte. Node's full ICU decodes gbk, gb18030, big5,
 * shift_jis and the rest.
 */

export interface Decoded {
  text: string;
  /** The encoding used, for logs. */
  encoding: string;
}

export function decodeBody(bytes: Uint8Array, contentType: string | null): Decoded {
  const bom = bomEncoding(bytes);
  if (bom) return { text: new TextDecoder(bom, { ignoreBOM: false }).decode(bytes), encoding: bom };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: try what the document and the server claim
  }
  for (const label of [xmlDeclaredEncoding(bytes), headerCharset(contentType)]) {
    const decoder = label ? decoderFor(label) : undefined;
    if (decoder) return { text: decoder.decode(bytes), encoding: decoder.encoding };
  }
  return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
}

function bomEncoding(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256));
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
}

function headerCharset(contentType: string | null): string | undefined {
  return contentType ? /charset\s*=\s*"?([A-Za-z0-9._-]+)"?/i.exec(contentType)?.[1] : undefined;
}

function decoderFor(label: string): InstanceType<typeof TextDecoder> | undefined {
  try {
    // gb2312 is a subset of gbk, which is a subset of gb18030: decode with the widest.
    const l = label.toLowerCase();
    return new TextDecoder(l === 'gb2312' || l === 'gbk' ? 'gb18030' : l);
  } catch {
    return undefined;
  }
}
