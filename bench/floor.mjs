// The floor: the least any scanner must do — walk the folders (skipping node_modules
// and .git), read every file and run one combined regex of simple secret-ish
// patterns over it. Prints one JSON line: { files, bytes, matches }. Never prints
// what matched.
import * as fs from 'node:fs';
import * as path from 'node:path';

// A union of simple, linear-time patterns (no nested quantifiers).
const SECRETISH = /AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|xox[abprs]-[A-Za-z0-9-]{10,48}|hooks\.slack\.com\/services\/[A-Za-z0-9/]{20,60}|-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----|(?:password|secret|token|api_?key)["']?\s{0,3}[:=]\s{0,3}["'][^"'\s]{8,64}["']/gi;

let files = 0;
let bytes = 0;
let matches = 0;
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (entry.isFile()) {
      const text = fs.readFileSync(file, 'utf8');
      files++;
      bytes += text.length;
      SECRETISH.lastIndex = 0;
      while (SECRETISH.exec(text)) matches++;
    }
  }
}
for (const dir of process.argv.slice(2)) walk(dir);
process.stdout.write(JSON.stringify({ files, bytes, matches }) + '\n');
