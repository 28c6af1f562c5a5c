/**
 * JIT warm-up in idle time.
 *
 * A fresh server's first keystrokes in a large file run on code V8 has not optimised yet:
 * in the 3,000-line manifest of the bench, the first 50 keystrokes took 2–4× as long as
 * later ones (p95 ~12 ms against ~7 ms, in process). After a document's first analysis,
 * once the editor has been quiet for a moment, the server types 160 keystrokes into a
 * private copy of its first lines — one keystroke per turn of the event loop, and
 * only while nothing else arrives — so that the user's first keystrokes find the parse,
 * extract and rule code optimised. Once per language per server. Measured in process on
 * that manifest: 100 keystrokes into a 600-line copy (~0.35 s of otherwise idle time)
 * took the first 200 real keystrokes' p95 from ~11 to ~8 ms; 160 (~0.6 s) took the bench's
 * typing one second after opening from 9.3–11.0 to 7.6–9.4 ms (end to end, interleaved runs).
 *
 * The copy lives in a language service of its own, with no workspace folders and no
 * identity links: nothing it computes is reported, cached for the real document, linked
 * or read from disk. Terraform is left out: a module's analysis reads (and remembers)
 * its sibling files.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Config } from '../engine/config';
import { LanguageService } from './language-service';
import { createWorkspaceHost } from './workspace-host';

export interface WarmUpOptions {
  /** Quiet time (ms since the last message from the editor) before a keystroke is typed. */
  idleMs?: number;
  /** Keystrokes per language. */
  keystrokes?: number;
  /** The copy's size: the document's first lines up to this many characters (small steps, see typeInto). */
  copyChars?: number;
  now?: () => number;
  log?(message: string): void;
  /** Each analysis of the copy: its text and number of diagnostics (tests). */
  onTyped?(text: string, diagnostics: number): void;
}

const SKIPPED_LANGUAGES = new Set(['terraform', 'hcl', 'terraform-vars']);

export class IdleWarmUp {
  private readonly started = new Set<string>();
  private readonly queue: { languageId: string; steps: Iterator<number> }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastActivity: number;
  private readonly idleMs: number;
  private readonly keystrokes: number;
  private readonly copyChars: number;
  private readonly now: () => number;

  constructor(private readonly options: WarmUpOptions = {}) {
    this.idleMs = options.idleMs ?? 250;
    this.keystrokes = options.keystrokes ?? 160;
    this.copyChars = options.copyChars ?? 24_000;
    this.now = options.now ?? Date.now;
    this.lastActivity = this.now();
  }

  /** The editor sent something: warm-up keystrokes wait for the next quiet moment. */
  activity(): void {
    this.lastActivity = this.now();
  }

  /** A document was analysed for the editor: its language's warm-up is planned (once). */
  analysed(doc: TextDocument, config: Config): void {
    if (this.started.has(doc.languageId) || SKIPPED_LANGUAGES.has(doc.languageId) || this.keystrokes <= 0) return;
    this.started.add(doc.languageId);
    const text = doc.getText();
    // Whole lines only, so that the copy ends like a file being typed in.
    const cut = text.length <= this.copyChars ? text.length : text.lastIndexOf('\n', this.copyChars) + 1;
    if (cut === 0) return;
    this.queue.push({ languageId: doc.languageId, steps: typeInto(doc, text.slice(0, cut), config, this.keystrokes, this.options) });
    this.schedule(this.idleMs);
  }

  /** Types the next warm-up keystroke if the editor has been quiet; true when one was typed. */
  step(): boolean {
    const current = this.queue[0];
    if (!current || this.now() - this.lastActivity < this.idleMs) return false;
    const next = current.steps.next();
    if (next.done) {
      this.queue.shift();
      this.options.log?.(`Warm-up for ${current.languageId}: ${this.keystrokes} keystrokes typed into a private copy.`);
      return this.queue.length > 0 && this.step();
    }
    return true;
  }

  /** Whether keystrokes are still planned. */
  get pending(): boolean {
    return this.queue.length > 0;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.drop();
  }

  /** Ends the planned warm-ups (each closes its private copy). */
  private drop(): void {
    for (const { steps } of this.queue.splice(0)) steps.return?.();
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delay);
    this.timer.unref?.();
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.pending) return;
    const quietFor = this.now() - this.lastActivity;
    if (quietFor < this.idleMs) return this.schedule(this.idleMs - quietFor);
    try {
      this.step();
    } catch (err) {
      // A warm-up is an optimisation: a failure ends it and is only logged.
      this.options.log?.(`Warm-up stopped: ${err instanceof Error ? err.message : String(err)}`);
      this.drop();
      return;
    }
    // setImmediate, not a timer: messages that arrived meanwhile are read first (and mark activity).
    if (this.pending) setImmediate(() => this.tick());
  }
}

/** Words the warm-up types (then deletes) at line ends: plain text, a key-like `:` (which breaks a YAML line), a space. */
const WORDS = ['tmp', 'v2:', ' on'];

/**
 * Keystrokes into a private copy of `doc` (its first lines: a step is then a few
 * milliseconds, and the optimised code serves a document of any size): at line ends spread
 * over the copy, a short word typed one character at a time and deleted again, each
 * keystroke analysed like the editor's. Some words leave a line broken, which exercises
 * the recovery paths too. Yields the number of keystrokes typed.
 */
function* typeInto(doc: TextDocument, text: string, config: Config, count: number, { log, onTyped }: WarmUpOptions): Generator<number> {
  const open = new Map<string, TextDocument>();
  const service = new LanguageService(createWorkspaceHost(open, () => []), { log });
  const uri = doc.uri;
  let copy = TextDocument.create(uri, doc.languageId, 1, text);
  open.set(uri, copy);
  const analyse = (): void => {
    open.set(uri, copy);
    // Analysed whether or not anyone watches (an optional call would skip its arguments).
    const diagnostics = service.diagnostics(copy, config);
    onTyped?.(copy.getText(), diagnostics.length);
  };
  try {
    analyse();
    yield 0;
    const lines = Math.max(1, copy.lineCount - 1);
    let typed = 0;
    for (let n = 0; typed < count; n++) {
      const word = WORDS[n % WORDS.length];
      const line = (n * 7919 + 13) % lines;
      const end = copy.positionAt(copy.offsetAt({ line: line + 1, character: 0 }) - (line + 1 < copy.lineCount ? 1 : 0));
      for (let i = 0; i < word.length && typed < count; i++, typed++) {
        const at = { line: end.line, character: end.character + i };
        copy = TextDocument.update(copy, [{ range: { start: at, end: at }, text: word[i] }], copy.version + 1);
        analyse();
        yield typed + 1;
      }
      for (let i = word.length; i > 0 && typed < count; i--, typed++) {
        copy = TextDocument.update(copy, [{ range: { start: { line: end.line, character: end.character + i - 1 }, end: { line: end.line, character: end.character + i } }, text: '' }], copy.version + 1);
        analyse();
        yield typed + 1;
      }
    }
  } finally {
    service.close(uri);
  }
}
