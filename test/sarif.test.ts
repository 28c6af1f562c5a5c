/**
 * SARIF 2.1.0 output, checked against the parts of the spec (and of GitHub code
 * scanning's rules) that matter, without network or a schema download: required
 * properties, allowed property names of each object we emit, enums, 1-based
 * regions, relative artifact URIs resolved through originalUriBaseIds, ruleIndex
 * consistency, result limits and determinism.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../server/src/cli/main';
import { FINGERPRINT_KEY, MAX_RESULTS, pascalCase, sarifLog, sarifReport, SARIF_SCHEMA } from '../server/src/cli/reporters/sarif';
import { docsUrl } from '../server/src/engine/rule';
import type { AuditResult, FileResult, LocatedFinding } from '../server/src/engine/workspace';
import { allRuleMeta } from '../rules';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'workspaces');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

async function sarifOf(args: string[]): Promise<{ code: number; text: string; log: any }> {
  let text = '';
  let err = '';
  const code = await main(['audit', ...args, '--format', 'sarif'], {
    stdout: (t) => void (text += t),
    stderr: (t) => void (err += t),
    cwd: ROOT,
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  expect(err).toBe('');
  return { code, text, log: JSON.parse(text) };
}

// --- A small SARIF 2.1.0 checker (subset of sarif-schema-2.1.0.json + §3 of the spec) -------------

const ALLOWED: Record<string, string[]> = {
  log: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: ['tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts', 'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens', 'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind', 'externalPropertyFileReferences', 'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies', 'webRequests', 'webResponses', 'specialLocations', 'properties'],
  tool: ['driver', 'extensions', 'properties'],
  toolComponent: ['guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription', 'fullName', 'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri', 'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents', 'isComprehensive', 'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion', 'associatedComponent', 'translationMetadata', 'supportedTaxonomies', 'properties'],
  reportingDescriptor: ['id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription', 'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties'],
  reportingConfiguration: ['enabled', 'level', 'rank', 'parameters', 'properties'],
  multiformatMessageString: ['text', 'markdown', 'properties'],
  message: ['text', 'markdown', 'id', 'arguments', 'properties'],
  result: ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid', 'correlationGuid', 'occurrenceCount', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs', 'graphTraversals', 'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'hostedViewerUri', 'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties'],
  location: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'],
  physicalLocation: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength', 'snippet', 'message', 'sourceLanguage', 'properties'],
  invocation: ['commandLine', 'arguments', 'responseFiles', 'startTimeUtc', 'endTimeUtc', 'exitCode', 'ruleConfigurationOverrides', 'notificationConfigurationOverrides', 'toolExecutionNotifications', 'toolConfigurationNotifications', 'exitCodeDescription', 'exitSignalName', 'exitSignalNumber', 'processStartFailureMessage', 'executionSuccessful', 'machine', 'account', 'processId', 'executableLocation', 'workingDirectory', 'environmentVariables', 'stdin', 'stdout', 'stderr', 'stdoutStderr', 'properties'],
  notification: ['locations', 'message', 'level', 'threadId', 'timeUtc', 'exception', 'descriptor', 'associatedRule', 'properties'],
  reportingDescriptorReference: ['id', 'index', 'guid', 'toolComponent', 'properties'],
  suppression: ['guid', 'kind', 'status', 'justification', 'location', 'properties'],
};
const LEVELS = ['none', 'note', 'warning', 'error'];

/** Returns every violation found (empty = valid). */
function checkSarif(log: any): string[] {
  const errors: string[] = [];
  const obj = (v: any, kind: string, where: string, required: string[] = []) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      errors.push(`${where}: not an object`);
      return false;
    }
    for (const k of Object.keys(v)) if (!ALLOWED[kind].includes(k)) errors.push(`${where}: property "${k}" not allowed in ${kind}`);
    for (const k of required) if (!(k in v)) errors.push(`${where}: missing required "${k}"`);
    return true;
  };
  const text = (v: any, where: string) => {
    if (typeof v !== 'string' || v.trim() === '') errors.push(`${where}: must be a non-empty string`);
  };
  const msg = (v: any, where: string) => {
    if (obj(v, 'message', where, ['text'])) text(v.text, `${where}.text`);
  };
  const posInt = (v: any, where: string) => {
    if (!Number.isInteger(v) || v < 1) errors.push(`${where}: must be an integer ≥ 1 (got ${v})`);
  };
  const region = (r: any, where: string) => {
    if (!obj(r, 'region', where, ['startLine'])) return;
    for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) if (k in r) posInt(r[k], `${where}.${k}`);
    if (r.endLine !== undefined && r.endLine < r.startLine) errors.push(`${where}: endLine before startLine`);
    if (r.endLine === r.startLine && r.endColumn !== undefined && r.endColumn < r.startColumn) errors.push(`${where}: endColumn before startColumn`);
  };
  const artifact = (a: any, where: string, bases: Record<string, unknown>) => {
    if (!obj(a, 'artifactLocation', where, ['uri'])) return;
    text(a.uri, `${where}.uri`);
    if (/^[a-z][a-z0-9+.-]*:/i.test(a.uri) || a.uri.startsWith('/')) errors.push(`${where}.uri: must be relative (got ${a.uri})`);
    if (a.uri.includes('\\')) errors.push(`${where}.uri: backslash in URI`);
    if (/(^|\/)\.\.(\/|$)/.test(a.uri)) errors.push(`${where}.uri: leaves the root`);
    if (/[\s#?]/.test(a.uri)) errors.push(`${where}.uri: unescaped character`);
    if (!(a.uriBaseId in bases)) errors.push(`${where}.uriBaseId: ${a.uriBaseId} not in originalUriBaseIds`);
  };
  const location = (l: any, where: string, bases: Record<string, unknown>, needRegion: boolean) => {
    if (!obj(l, 'location', where)) return;
    if (!obj(l.physicalLocation, 'physicalLocation', `${where}.physicalLocation`, needRegion ? ['artifactLocation', 'region'] : ['artifactLocation'])) return;
    artifact(l.physicalLocation.artifactLocation, `${where}.physicalLocation.artifactLocation`, bases);
    if (l.physicalLocation.region) region(l.physicalLocation.region, `${where}.physicalLocation.region`);
  };

  if (!obj(log, 'log', 'log', ['version', 'runs'])) return errors;
  if (log.version !== '2.1.0') errors.push('log.version must be "2.1.0"');
  if (log.$schema !== SARIF_SCHEMA) errors.push('log.$schema');
  if (!Array.isArray(log.runs) || log.runs.length !== 1) return [...errors, 'log.runs: exactly one run expected'];
  const run = log.runs[0];
  if (!obj(run, 'run', 'run', ['tool'])) return errors;
  if (run.columnKind !== undefined && !['utf16CodeUnits', 'unicodeCodePoints'].includes(run.columnKind)) errors.push('run.columnKind');
  const bases = run.originalUriBaseIds ?? {};
  for (const [id, base] of Object.entries<any>(bases)) {
    if (!obj(base, 'artifactLocation', `run.originalUriBaseIds.${id}`, ['uri'])) continue;
    if (!/^file:\/\/\/.*\/$/.test(base.uri)) errors.push(`run.originalUriBaseIds.${id}.uri must be an absolute file URI ending in "/"`);
  }
  obj(run.tool, 'tool', 'run.tool', ['driver']);
  const driver = run.tool.driver;
  obj(driver, 'toolComponent', 'driver', ['name']);
  text(driver.name, 'driver.name');
  const rules: any[] = driver.rules ?? [];
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    const w = `driver.rules[${i}]`;
    if (!obj(r, 'reportingDescriptor', w, ['id'])) return;
    text(r.id, `${w}.id`);
    if (ids.has(r.id)) errors.push(`${w}: duplicate id ${r.id}`);
    ids.add(r.id);
    for (const k of ['shortDescription', 'fullDescription', 'help']) {
      if (r[k] && obj(r[k], 'multiformatMessageString', `${w}.${k}`, ['text'])) text(r[k].text, `${w}.${k}.text`);
    }
    if (r.defaultConfiguration && obj(r.defaultConfiguration, 'reportingConfiguration', `${w}.defaultConfiguration`)) {
      if (!LEVELS.includes(r.defaultConfiguration.level)) errors.push(`${w}.defaultConfiguration.level`);
    }
    if (r.properties?.tags && !(Array.isArray(r.properties.tags) && r.properties.tags.every((t: unknown) => typeof t === 'string'))) errors.push(`${w}.properties.tags`);
  });
  const results: any[] = run.results ?? [];
  if (results.length > MAX_RESULTS) errors.push(`more than ${MAX_RESULTS} results`);
  results.forEach((r, i) => {
    const w = `results[${i}]`;
    if (!obj(r, 'result', w, ['message', 'ruleId', 'locations'])) return;
    msg(r.message, `${w}.message`);
    if (!LEVELS.includes(r.level)) errors.push(`${w}.level`);
    if (!Number.isInteger(r.ruleIndex) || rules[r.ruleIndex]?.id !== r.ruleId) errors.push(`${w}: ruleIndex ${r.ruleIndex} does not point at rule ${r.ruleId}`);
    if (!Array.isArray(r.locations) || r.locations.length !== 1) errors.push(`${w}.locations: one location expected`);
    else location(r.locations[0], `${w}.locations[0]`, bases, true);
    for (const [k, v] of Object.entries(r.partialFingerprints ?? {})) if (typeof v !== 'string' || !v) errors.push(`${w}.partialFingerprints.${k}`);
    for (const [j, s] of (r.suppressions ?? []).entries()) {
      if (obj(s, 'suppression', `${w}.suppressions[${j}]`, ['kind']) && !['inSource', 'external'].includes(s.kind)) errors.push(`${w}.suppressions[${j}].kind`);
      if (s.status !== undefined && !['accepted', 'underReview', 'rejected'].includes(s.status)) errors.push(`${w}.suppressions[${j}].status`);
    }
  });
  (run.invocations ?? []).forEach((inv: any, i: number) => {
    const w = `invocations[${i}]`;
    if (!obj(inv, 'invocation', w, ['executionSuccessful'])) return;
    if (typeof inv.executionSuccessful !== 'boolean') errors.push(`${w}.executionSuccessful`);
    (inv.toolExecutionNotifications ?? []).forEach((n: any, j: number) => {
      const wn = `${w}.toolExecutionNotifications[${j}]`;
      if (!obj(n, 'notification', wn, ['message'])) return;
      msg(n.message, `${wn}.message`);
      if (n.level !== undefined && !LEVELS.includes(n.level)) errors.push(`${wn}.level`);
      if (n.descriptor) obj(n.descriptor, 'reportingDescriptorReference', `${wn}.descriptor`);
      for (const [k, l] of (n.locations ?? []).entries()) location(l, `${wn}.locations[${k}]`, bases, false);
    });
  });
  return errors;
}

// ---------------------------------------------------------------------------------------------------

describe('SARIF report', () => {
  it('is valid SARIF 2.1.0 that GitHub code scanning accepts', async () => {
    const { code, log } = await sarifOf([path.join(FIXTURES, 'iam')]);
    expect(code).toBe(1);
    expect(checkSarif(log)).toEqual([]);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('NHI Hygiene');
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: pathToFileURL(path.join(FIXTURES, 'iam')).href + '/' } });
    expect(run.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    expect(run.results.length).toBeGreaterThanOrEqual(4);
  });

  it('declares every registered rule with name, descriptions, help URI, level and category tag', async () => {
    const { log } = await sarifOf([path.join(FIXTURES, 'clean')]);
    expect(log.runs[0].results).toEqual([]);
    const rules = log.runs[0].tool.driver.rules;
    const metas = allRuleMeta();
    expect(rules.map((r: { id: string }) => r.id)).toEqual(metas.map((m) => m.id));
    rules.forEach((r: any, i: number) => {
      const meta = metas[i];
      expect(r.name).toBe(pascalCase(meta.id));
      expect(r.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(r.shortDescription.text).toBe(meta.title.trim() || meta.id);
      expect(r.helpUri).toBe(docsUrl(meta.id));
      expect(r.defaultConfiguration.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[meta.severity]);
      expect(r.properties.tags).toContain(meta.category);
    });
    expect(pascalCase('secret/aws-access-key-id')).toBe('SecretAwsAccessKeyId');
  });

  it('maps each finding to a result with 1-based region, relative URI and the engine fingerprint', async () => {
    const target = path.join(FIXTURES, 'iam');
    const { log } = await sarifOf([target]);
    let json = '';
    await main(['audit', target, '--format', 'json'], { stdout: (t) => void (json += t), stderr: () => {}, cwd: ROOT, env: {}, stdoutIsTTY: false, stderrIsTTY: false });
    const expected = JSON.parse(json).files.flatMap((f: any) =>
      f.findings.map((x: any) => ({
        ruleId: x.ruleId,
        level: { error: 'error', warning: 'warning', info: 'note' }[x.severity as string],
        message: { text: x.message },
        uri: f.path,
        region: { startLine: x.line, startColumn: x.column, endLine: x.endLine, endColumn: x.endColumn },
        partialFingerprints: { [FINGERPRINT_KEY]: x.fingerprint },
      })),
    );
    const actual = log.runs[0].results.map((r: any) => ({
      ruleId: r.ruleId,
      level: r.level,
      message: r.message,
      uri: r.locations[0].physicalLocation.artifactLocation.uri,
      region: r.locations[0].physicalLocation.region,
      partialFingerprints: r.partialFingerprints,
    }));
    expect(actual).toEqual(expected);
    expect(actual.map((r: any) => r.uri)).toContain('policies/admin.json');
    // The region points at what the finding is about: resolve it against %SRCROOT% and read it back.
    const base = log.runs[0].originalUriBaseIds['%SRCROOT%'].uri;
    const admin = log.runs[0].results.find((r: any) => r.ruleId === 'privilege/iam-wildcard-action' && r.locations[0].physicalLocation.artifactLocation.uri === 'policies/admin.json');
    const file = fileURLToPath(new URL(admin.locations[0].physicalLocation.artifactLocation.uri, base));
    const { startLine, startColumn, endColumn } = admin.locations[0].physicalLocation.region;
    const line = fs.readFileSync(file, 'utf8').split('\n')[startLine - 1];
    expect(line.slice(startColumn - 1, endColumn - 1)).toMatch(/^"?\*"?$/);
  });

  it('is byte-for-byte deterministic', async () => {
    const target = path.join(FIXTURES, 'iam');
    const a = await sarifOf([target]);
    const b = await sarifOf([target]);
    expect(a.text).toBe(b.text);
    const malformed = path.join(FIXTURES, 'malformed');
    expect((await sarifOf([malformed])).text).toBe((await sarifOf([malformed])).text);
  });

  it('reports file notes and skipped files as tool execution notifications', async () => {
    const { log } = await sarifOf([path.join(FIXTURES, 'malformed')]);
    expect(checkSarif(log)).toEqual([]);
    const inv = log.runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(true);
    const notes = inv.toolExecutionNotifications;
    expect(notes.length).toBeGreaterThanOrEqual(2);
    const uris = new Set(notes.map((n: any) => n.locations[0].physicalLocation.artifactLocation.uri));
    expect(uris).toEqual(new Set(['config/app.yaml', 'config/settings.json']));
    for (const n of notes) {
      expect(n.descriptor.id).toBe('nhi/parse-error');
      expect(n.level).toBe('note');
    }
  });

  it('escapes artifact URIs and uses forward slashes', () => {
    const result = synthetic([{ path: 'my dir/a#b.ts', findings: 1 }]);
    const log = sarifLog(result, { version: '1.0.0', includeSuppressed: false });
    expect(checkSarif(JSON.parse(JSON.stringify(log)))).toEqual([]);
    expect((log.runs[0].results[0] as any).locations[0].physicalLocation.artifactLocation.uri).toBe('my%20dir/a%23b.ts');
  });

  it('leaves suppressed findings out unless asked, then marks them inSource', () => {
    const result = synthetic([{ path: 'a.ts', findings: 2, suppressFirst: true }]);
    const without = sarifLog(result, { version: '1.0.0', includeSuppressed: false }).runs[0].results as any[];
    expect(without).toHaveLength(1);
    expect(without[0].suppressions).toBeUndefined();
    const withThem = sarifLog(result, { version: '1.0.0', includeSuppressed: true });
    expect(checkSarif(JSON.parse(JSON.stringify(withThem)))).toEqual([]);
    const results = withThem.runs[0].results as any[];
    expect(results).toHaveLength(2);
    expect(results[0].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'vendored sample' }]);
  });

  it('caps results at the GitHub limit with a notification, and gives unknown rule ids a descriptor', () => {
    const result = synthetic([
      { path: 'a.ts', findings: MAX_RESULTS },
      { path: 'b.ts', findings: 3, ruleId: 'secret/from-the-future' },
    ]);
    const log = JSON.parse(sarifReport(result, { version: '1.0.0', includeSuppressed: false }));
    expect(checkSarif(log)).toEqual([]);
    const run = log.runs[0];
    expect(run.results).toHaveLength(MAX_RESULTS);
    expect(run.invocations[0].toolExecutionNotifications[0]).toMatchObject({
      level: 'warning',
      message: { text: `Only the first ${MAX_RESULTS} of ${MAX_RESULTS + 3} results are included (the GitHub code scanning limit per run).` },
    });
    expect(run.tool.driver.rules.map((r: any) => r.id)).toContain('secret/from-the-future');
  });

  it('the checker itself catches broken logs', () => {
    const good = sarifLog(synthetic([{ path: 'a.ts', findings: 1 }]), { version: '1.0.0', includeSuppressed: false });
    const broken = JSON.parse(JSON.stringify(good));
    const r = broken.runs[0].results[0];
    r.level = 'fatal';
    r.ruleIndex = 99;
    r.message.text = '';
    r.locations[0].physicalLocation.region.startLine = 0;
    r.locations[0].physicalLocation.artifactLocation.uri = 'C:\\x\\a.ts';
    r.extra = true;
    expect(checkSarif(broken)).toEqual([
      'results[0]: property "extra" not allowed in result',
      'results[0].message.text: must be a non-empty string',
      'results[0].level',
      'results[0]: ruleIndex 99 does not point at rule secret/aws-access-key-id',
      'results[0].locations[0].physicalLocation.artifactLocation.uri: must be relative (got C:\\x\\a.ts)',
      'results[0].locations[0].physicalLocation.artifactLocation.uri: backslash in URI',
      'results[0].locations[0].physicalLocation.region.startLine: must be an integer ≥ 1 (got 0)',
    ]);
  });
});

/** An AuditResult with made-up findings, for limits and edge cases the fixtures do not reach. */
function synthetic(files: { path: string; findings: number; ruleId?: string; suppressFirst?: boolean }[]): AuditResult {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-sarif-')));
  temps.push(root);
  const out: FileResult[] = files.map((f) => ({
    absolutePath: path.join(root, f.path),
    path: f.path,
    uri: pathToFileURL(path.join(root, f.path)).href,
    notes: [],
    identities: [],
    findings: Array.from({ length: f.findings }, (_, i): LocatedFinding => ({
      ruleId: f.ruleId ?? 'secret/aws-access-key-id',
      message: `Finding ${i}`,
      range: { start: 0, end: 4 },
      severity: 'warning',
      fingerprint: `fp${i}`,
      fixes: [],
      start: { line: i, character: 2 },
      end: { line: i, character: 6 },
      ...(f.suppressFirst && i === 0 ? { suppressed: { reason: 'vendored sample' } } : {}),
    })),
  }));
  return { root, files: out, filesScanned: out.length, bytesScanned: 0, skipped: [], durationMs: 0, cancelled: false };
}
