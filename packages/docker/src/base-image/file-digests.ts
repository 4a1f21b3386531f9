// sha256 of host files, remembered by (device, inode, size, mtime) in a JSON file next to the npm
// cache, as git's index does: a file that has not changed is not read again, so finding the base
// image unchanged costs a few stats instead of hashing ~140 MB.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

type Known = Record<string, { key: string; sha256: string }>;

export class FileDigests {
  private known: Known = {};
  private changed = false;

  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      this.known = JSON.parse(fs.readFileSync(file, 'utf8')) as Known;
    } catch {
      this.known = {};
    }
  }

  async digest(source: string): Promise<string> {
    const stat = fs.statSync(source, { bigint: true });
    const key = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
    const known = this.known[source];
    if (known?.key === key) return known.sha256;
    const hash = createHash('sha256');
    for await (const chunk of fs.createReadStream(source)) hash.update(chunk as Buffer);
    const sha256 = hash.digest('hex');
    this.known[source] = { key, sha256 };
    this.changed = true;
    return sha256;
  }

  save(): void {
    if (!this.file || !this.changed) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const partial = `${this.file}.${process.pid}`;
    fs.writeFileSync(partial, JSON.stringify(this.known));
    fs.renameSync(partial, this.file);
  }
}
