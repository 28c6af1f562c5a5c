/**
 * package.json `contributes.configuration` is generated from configSchema
 * (`npm run gen:config`); this fails when someone changes one without the other,
 * and checks that every default is a valid value of its own declared type.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, defaultConfig, fromFlat, vscodeConfigurationContribution } from '../server/src/engine/config';

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

interface Property {
  type: string;
  default: unknown;
  enum?: string[];
  minimum?: number;
  items?: { type: string };
  additionalProperties?: { type: string; enum: string[] };
  markdownDescription?: string;
  scope?: string;
}

function matchesDeclaredType(p: Property, value: unknown): boolean {
  switch (p.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && (p.minimum === undefined || value >= p.minimum);
    case 'string':
      return typeof value === 'string' && (!p.enum || p.enum.includes(value));
    case 'array':
      return Array.isArray(value) && value.every((v) => typeof v === p.items?.type);
    case 'object':
      return !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => p.additionalProperties?.enum.includes(v as string));
    default:
      return false;
  }
}

describe('contributes.configuration', () => {
  it('is up to date with configSchema (run `npm run gen:config` to fix)', () => {
    expect(pkg.contributes?.configuration).toEqual(vscodeConfigurationContribution());
  });

  it('gen:config --check agrees', () => {
    expect(pkg.scripts['gen:config']).toBe('node scripts/gen-config.mjs');
    const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-config.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/up to date/);
  });

  it('is titled "NHI Hygiene" and has one nhi.* property per schema key, each documented', () => {
    const { title, properties } = pkg.contributes.configuration as { title: string; properties: Record<string, Property> };
    expect(title).toBe('NHI Hygiene');
    expect(Object.keys(properties).sort()).toEqual(Object.keys(configSchema).map((k) => `nhi.${k}`).sort());
    for (const [key, p] of Object.entries(properties)) {
      expect(p.markdownDescription, key).toBeTruthy();
      expect(['resource', 'window'], key).toContain(p.scope);
    }
  });

  it('has defaults that are valid values of their declared types, and that the engine reads back unchanged', () => {
    const properties = pkg.contributes.configuration.properties as Record<string, Property>;
    const flat: Record<string, unknown> = {};
    for (const [key, p] of Object.entries(properties)) {
      expect(matchesDeclaredType(p, p.default), `${key} default`).toBe(true);
      if (p.enum && p.type === 'string') expect(p.enum, key).toContain(p.default);
      flat[key.slice('nhi.'.length)] = p.default;
    }
    const problems: string[] = [];
    expect(fromFlat(flat, problems)).toEqual(defaultConfig());
    expect(problems).toEqual([]);
  });

  it('rejects values of the wrong type the way the schema says (engine and package.json agree)', () => {
    const properties = pkg.contributes.configuration.properties as Record<string, Property>;
    const wrong: Record<string, unknown> = { boolean: 'yes', number: 'many', string: 42, array: 'owner', object: ['x'] };
    for (const [key, p] of Object.entries(properties)) {
      if (key === 'nhi.trace.server') continue; // read by the client library, not the engine
      const problems: string[] = [];
      fromFlat({ [key.slice(4)]: wrong[p.type] }, problems);
      expect(matchesDeclaredType(p, wrong[p.type]), key).toBe(false);
      expect(problems, key).toHaveLength(1);
    }
  });
});

describe('package.json extension manifest', () => {
  it('contributes the commands the client and server provide', () => {
    const commands = (pkg.contributes.commands as { command: string; title: string; category: string }[]).map((c) => `${c.category}: ${c.title} (${c.command})`);
    expect(commands).toEqual([
      'NHI: Audit Workspace (nhi.auditWorkspace)',
      'NHI: Restart Server (nhi.restartServer)',
      'NHI: Show Inventory (nhi.showInventory)',
      'NHI: Open Report (nhi.openReport)',
      'NHI: Export Report… (nhi.exportReport)',
      'NHI: Create Baseline (nhi.createBaseline)',
      'NHI: Group Inventory By… (nhi.inventory.groupBy)',
      'NHI: Refresh Inventory (nhi.inventory.refresh)',
    ]);
  });

  it('declares limited support for untrusted workspaces', () => {
    expect(pkg.capabilities.untrustedWorkspaces.supported).toBe('limited');
    expect(pkg.capabilities.untrustedWorkspaces.description).toMatch(/quick fixes/);
  });

  it('starts from the bundled client', () => {
    expect(pkg.main).toBe('./dist/client.js');
    expect(pkg.activationEvents).toEqual(['onStartupFinished']);
  });
});
