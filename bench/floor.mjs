// The floor: the least any scanner must do — walk the folders (skipping node_modules
// and .git), read every file and run one combined regex of simple secret-ish
// patterns over it. Prints one JSON line: { files, bytes, matches }. Never prints
// what matched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// A union of simple, linear-time patterns (no nested quantifiers).
const SECRETISH = /AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|xox[abprs]-[A-Za-z0-9-]{10,48}|hooks\.slack\.com\/services\/[A-Za-z0-9/]{20,60}|-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----|(?:password|secret|token|api_?key)["']?\s{0,3}[:=]\s{0,3}["'][^"'\s]{8,64}["']/gi;

/** Walks the folders, reads every file and counts the global regex's matches in it. */
export function floorScan(dirs, regex) {
  let files = 0;
  let bytes = 0;
  let matches = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) {
        const text = fs.readFileSync(file, 'utf8');
        files++;
        bytes += text.length;
        regex.lastIndex = 0;
        while (regex.exec(text)) matches++;
      }
    }
  };
  dirs.forEach(walk);
  return { files, bytes, matches };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(floorScan(process.argv.slice(2), SECRETISH)) + '\n');
}
