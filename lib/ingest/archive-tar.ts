/**
 * The archive's container: POSIX ustar, which every `tar`, 7-Zip and archive library opens, and
 * which is written and read as a stream (each member is a 512-byte header, its bytes, padding).
 * Only plain files with names under 100 bytes: all an archive needs, so nothing else is read.
 */
import type { FileHandle } from 'node:fs/promises';

const BLOCK = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function writeField(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length) throw new Error(`tar field too long: ${value}`);
  header.set(bytes, offset);
}

/** An octal number field: digits, then a NUL. */
function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0');
}

/** The header of one regular file. */
export function tarHeader(name: string, sizeBytes: number, mtimeSeconds: number): Uint8Array {
  if (encoder.encode(name).length >= 100) throw new Error(`tar member name too long: ${name}`);
  const header = new Uint8Array(BLOCK);
  writeField(header, 0, 100, name);
  writeField(header, 100, 8, octal(0o644, 8));
  writeField(header, 108, 8, octal(0, 8));
  writeField(header, 116, 8, octal(0, 8));
  writeField(header, 124, 12, octal(sizeBytes, 12));
  writeField(header, 136, 12, octal(mtimeSeconds, 12));
  header.fill(0x20, 148, 156); // the checksum is summed with its own field as spaces
  writeField(header, 156, 1, '0');
  writeField(header, 257, 6, 'ustar\0');
  writeField(header, 263, 2, '00');
  writeField(header, 148, 8, `${octal(checksum(header), 7)}\0 `.slice(0, 8));
  return header;
}

function checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum;
}

/** Zero bytes that round a member's bytes up to a whole block. */
export function tarPadding(sizeBytes: number): Uint8Array {
  return new Uint8Array((BLOCK - (sizeBytes % BLOCK)) % BLOCK);
}

/** Two zero blocks end an archive. */
export const TAR_END = new Uint8Array(2 * BLOCK);

export interface TarMember {
  name: string;
  /** Where the member's bytes start in the file. */
  offset: number;
  sizeBytes: number;
}

function text(header: Uint8Array, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

function parseOctal(header: Uint8Array, offset: number, length: number, what: string, at: number): number {
  const digits = text(header, offset, length).trim();
  if (!/^[0-7]+$/.test(digits)) throw new Error(`not a tar file: bad ${what} in the header at byte ${at}`);
  return parseInt(digits, 8);
}

/** The members of a tar file, in order, read header by header (the bytes are not read). */
export async function* tarMembers(file: FileHandle): AsyncGenerator<TarMember> {
  const header = new Uint8Array(BLOCK);
  let position = 0;
  for (;;) {
    const { bytesRead } = await file.read(header, 0, BLOCK, position);
    if (bytesRead === 0) return; // some writers omit the end blocks
    if (bytesRead < BLOCK) throw new Error(`not a tar file: truncated header at byte ${position}`);
    if (header.every((b) => b === 0)) return;
    const stored = parseOctal(header, 148, 8, 'checksum', position);
    if (stored !== checksum(header)) throw new Error(`not a tar file: header checksum wrong at byte ${position}`);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = text(header, 345, 155);
    const name = prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100);
    const sizeBytes = parseOctal(header, 124, 12, 'size', position);
    if (type !== '0' && type !== '\0') throw new Error(`tar member ${name} is not a plain file (type ${JSON.stringify(type)})`);
    yield { name, offset: position + BLOCK, sizeBytes };
    const padding = tarPadding(sizeBytes);
    if (padding.length > 0) {
      // Padding is covered by no member's hash: it must be zeros, so that no byte of the file goes unchecked.
      await file.read(padding, 0, padding.length, position + BLOCK + sizeBytes);
      if (padding.some((b) => b !== 0)) throw new Error(`tar member ${name} is followed by padding that is not zeros`);
    }
    position += BLOCK + sizeBytes + padding.length;
  }
}

/** Reads a member's bytes in pieces of at most `pieceBytes`. */
export async function* memberPieces(file: FileHandle, member: TarMember, pieceBytes = 1 << 20): AsyncGenerator<Uint8Array> {
  let done = 0;
  while (done < member.sizeBytes) {
    const piece = new Uint8Array(Math.min(pieceBytes, member.sizeBytes - done));
    const { bytesRead } = await file.read(piece, 0, piece.length, member.offset + done);
    if (bytesRead === 0) throw new Error(`tar member ${member.name} is truncated`);
    yield piece.subarray(0, bytesRead);
    done += bytesRead;
  }
}

/** A member's bytes in one piece (the small NDJSON members and one snapshot at a time). */
export async function readMember(file: FileHandle, member: TarMember): Promise<Uint8Array> {
  const bytes = new Uint8Array(member.sizeBytes);
  let done = 0;
  for await (const piece of memberPieces(file, member)) {
    bytes.set(piece, done);
    done += piece.length;
  }
  return bytes;
}
