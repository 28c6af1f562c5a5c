/**
 * The labelled secrets corpus, generated deterministically in memory: every
 * positive and hard negative is written into a realistic host file (source in
 * eight languages, dotenv, shell, YAML for compose/k8s/CI/apps, JSON, TOML,
 * INI, properties, HCL, XML, Dockerfile, Markdown, Makefile, and whole-file
 * shapes such as .npmrc, settings.xml, kubeconfig, PEM files and lockfiles),
 * and its exact span is recorded as a label.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALPHA, Rng } from './rng';
import { negativeKinds } from './negatives';
import { pem, positiveKinds } from './positives';
import { ASSIGN_HOSTS, type AssignEntry, type PositiveKind, type Corpus, type CorpusFile, type Entry, type HostName, type Label, type LabelSpec, type Lit, type Seg } from './types';

export const CORPUS_SEED = 20261126;

// ── Building a file with labelled spans ────────────────────────────────────

class FileBuilder {
  text = '';
  readonly spans: { start: number; end: number; spec: LabelSpec }[] = [];

  add(...segs: Seg[]): this {
    for (const s of segs) {
      if (typeof s === 'string') this.text += s;
      else {
        const start = this.text.length;
        this.text += s.text;
        if (s.text.length > 0) this.spans.push({ start, end: this.text.length, spec: s.label });
      }
    }
    return this;
  }
}

// ── Names in each syntax ───────────────────────────────────────────────────

const words = (name: string): string[] => name.split(/[_\-.]+/).filter(Boolean).map((w) => w.toLowerCase());
const camel = (n: string): string => words(n).map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
const pascal = (n: string): string => words(n).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const snake = (n: string): string => words(n).join('_');
const kebab = (n: string): string => words(n).join('-');
const upper = (n: string): string => words(n).join('_').toUpperCase();

// ── Literals in each syntax ────────────────────────────────────────────────

interface Quote { open: string; close: string; enc: (s: string) => string }
const plain: Quote = { open: '', close: '', enc: (s) => s };
const dq: Quote = { open: '"', close: '"', enc: (s) => s };
const sq: Quote = { open: "'", close: "'", enc: (s) => s };
const jsonQ: Quote = { open: '"', close: '"', enc: (s) => JSON.stringify(s).slice(1, -1) };
const escapedNewlines: Quote = { open: '"', close: '"', enc: (s) => s.replace(/\n/g, '\\n') };

/** Segments for a value in a host: quotes around, the labelled secret inside. */
function literal(value: Lit, label: LabelSpec | undefined, q: Quote): Seg[] {
  if (value.raw) return [label ? { text: value.secret, label } : value.secret];
  const secret = q.enc(value.secret);
  return [q.open + q.enc(value.pre), label ? { text: secret, label } : secret, q.enc(value.post) + q.close];
}

const multiline = (value: Lit): boolean => (value.pre + value.secret + value.post).includes('\n');
const needsQuotes = (value: Lit): boolean => !/^[A-Za-z0-9_\-./+=:@,~^?!*]*$/.test(value.pre + value.secret + value.post) || value.secret === '';

/** A YAML value at an indentation: plain, double-quoted, or a literal block for multi-line text. */
function yamlValue(value: Lit, label: LabelSpec | undefined, indent: number, r: Rng): Seg[] {
  if (value.raw) return literal(value, label, plain);
  if (multiline(value)) {
    const pad = ' '.repeat(indent + 2);
    const indentText = (s: string): string => s.replace(/\n/g, '\n' + pad);
    const seg: Seg[] = ['|\n' + pad + indentText(value.pre)];
    seg.push(label ? { text: indentText(value.secret), label } : indentText(value.secret));
    seg.push(indentText(value.post));
    return seg;
  }
  const full = value.pre + value.secret + value.post;
  const special = full === '' || /^[\s\-?:,[\]{}#&*!|>'"%@`]|: | #|^(?:true|false|null|yes|no|on|off|~)$/i.test(full) || /^[0-9.]+$/.test(full);
  return literal(value, label, special || r.chance(0.3) ? dq : plain);
}

// ── Host renderers ─────────────────────────────────────────────────────────

interface Rendered { path: string; builder: FileBuilder }

const services = ['billing', 'orders', 'gateway', 'notifier', 'reports', 'auth', 'search', 'ingest', 'payments', 'inventory', 'crm-sync', 'media'];

function lineSegs(e: Entry): Seg[] {
  return e.t === 'line' ? e.segs : [];
}

/**
 * A distinctive token written without a telling name: passed to a client
 * constructor in code, left in a comment in config files. Provider detectors
 * must find these by their format alone.
 */
function unnamed(host: HostName, e: AssignEntry, r: Rng, n: number): Entry {
  const val = (q: Quote): Seg[] => literal(e.value, e.label, q);
  const client = r.pick(['Client', 'ApiClient', 'Session', 'Connector']);
  const comment = (): Entry => ({ t: 'line', verbatim: true, segs: [`# ${r.pick(['old value, rotated?', 'fallback for local runs', 'from the vendor portal', 'prod'])}: `, ...literal(e.value, e.label, plain)] });
  switch (host) {
    case 'python': return { t: 'line', segs: [`client_${n} = vendor.${client}(`, ...val(dq), ', timeout=30)'] };
    case 'javascript': case 'typescript': return { t: 'line', segs: [`const client${n} = new ${client}(`, ...val(sq), ');'] };
    case 'go': return { t: 'line', segs: [`\tclient${n} = vendor.New${client}(`, ...val(dq), ')'] };
    case 'java': return { t: 'line', segs: [`    static final ${client} CLIENT_${n} = new ${client}(`, ...val(dq), ');'] };
    case 'csharp': return { t: 'line', segs: [`    public static readonly ${client} Client${n} = new(`, ...val(dq), ');'] };
    case 'ruby': return { t: 'line', segs: [`    CLIENT_${n} = Vendor::${client}.new(`, ...val(sq), ')'] };
    case 'php': return { t: 'line', segs: [`    'client_${n}' => new \\Vendor\\${client}(`, ...val(sq), '),'] };
    case 'dotenv': case 'shell': case 'toml': case 'ini': case 'properties': case 'hcl': case 'dockerfile': case 'markdown':
    case 'yaml-compose': case 'yaml-k8s': case 'yaml-app': return multiline(e.value) ? e : comment();
    default: return e;
  }
}

/** Renders `entries` as a file of the host syntax; `i` keeps paths unique. */
function renderHost(host: HostName, entries: Entry[], r: Rng, i: number): Rendered {
  const b = new FileBuilder();
  const svc = `${r.pick(services)}-${i}`;
  entries = entries.map((e, n) => (e.t === 'assign' && e.unnamed ? unnamed(host, e, r, n) : e));
  const assigns = (fn: (e: AssignEntry) => void, lineFn: (segs: Seg[]) => void = (s) => b.add(...s, '\n')): void => {
    for (const e of entries) {
      if (e.t === 'assign') fn(e);
      else if (e.verbatim) b.add(...e.segs, '\n');
      else lineFn(lineSegs(e));
    }
  };
  switch (host) {
    case 'dotenv': {
      b.add(`# ${svc} runtime configuration\nNODE_ENV=production\nLOG_LEVEL=info\nPORT=${r.int(3000, 9000)}\n\n`);
      assigns((e) => b.add(`${upper(e.name)}=`, ...literal(e.value, e.label, multiline(e.value) ? escapedNewlines : needsQuotes(e.value) || r.chance(0.3) ? dq : plain), '\n'));
      return { path: r.pick([`${svc}/.env`, `${svc}/.env.production`, `deploy/${svc}.env`, `${svc}/config/.env.staging`]), builder: b };
    }
    case 'shell': {
      b.add(`#!/usr/bin/env bash\nset -euo pipefail\n# Deploys ${svc}\ncd "$(dirname "$0")/.."\n\n`);
      assigns((e) => b.add(`export ${upper(e.name)}=`, ...literal(e.value, e.label, r.chance(0.5) || multiline(e.value) ? dq : sq), '\n'));
      b.add(`\n./bin/${svc} --migrate\n`);
      return { path: `${svc}/scripts/${r.pick(['deploy', 'bootstrap', 'release', 'seed'])}.sh`, builder: b };
    }
    case 'makefile': {
      b.add(`.PHONY: deploy publish\n\nSERVICE := ${svc}\n\ndeploy:\n`);
      assigns(() => undefined, (segs) => b.add('\t', ...segs, '\n'));
      b.add(`\npublish: deploy\n\t@echo "published $(SERVICE)"\n`);
      return { path: `${svc}/Makefile`, builder: b };
    }
    case 'python': {
      b.add(`"""Settings for the ${svc} service."""\nimport os\nimport getpass\n\nfrom .base import *  # noqa\n\nDEBUG = False\nALLOWED_HOSTS = ["${svc}.acme.io"]\n\n`);
      assigns((e) => b.add(`${upper(e.name)} = `, ...literal(e.value, e.label, multiline(e.value) ? { open: '"""', close: '"""', enc: (s) => s } : r.chance(0.5) ? dq : sq), '\n'));
      b.add(`\n\ndef database_options():\n    return {"connect_timeout": 5}\n`);
      return { path: `${svc}/${r.pick(['settings/production.py', 'config.py', 'app/settings.py', 'conf/local_settings.py'])}`, builder: b };
    }
    case 'javascript':
    case 'typescript': {
      const ts = host === 'typescript';
      b.add(`${ts ? "import type { AppConfig } from './types';\n" : "'use strict';\n"}\n`);
      const lines = entries.filter((e) => e.t === 'line');
      for (const l of lines) b.add(...lineSegs(l), '\n');
      b.add(`${ts ? 'export const config: AppConfig = {' : 'module.exports = {'}\n  service: '${svc}',\n  port: ${r.int(3000, 9000)},\n`);
      for (const e of entries) {
        if (e.t !== 'assign') continue;
        b.add(`  ${camel(e.name)}: `, ...literal(e.value, e.label, multiline(e.value) ? { open: '`', close: '`', enc: (s) => s } : r.pick([sq, dq])), ',\n');
      }
      b.add('};\n');
      return { path: `${svc}/src/${r.pick(['config', 'settings', 'env', 'clients'])}.${ts ? 'ts' : 'js'}`, builder: b };
    }
    case 'go': {
      b.add(`package config\n\nimport (\n\t"os"\n)\n\n// Settings of the ${svc} service.\nvar (\n`);
      assigns((e) => b.add(`\t${camel(e.name)} = `, ...literal(e.value, e.label, multiline(e.value) ? { open: '`', close: '`', enc: (s) => s } : dq), '\n'));
      b.add(`)\n\nfunc Port() string { return os.Getenv("PORT") }\n`);
      return { path: `${svc}/internal/config/config.go`, builder: b };
    }
    case 'java': {
      b.add(`package io.acme.${svc.replace(/\W/g, '')};\n\npublic final class Settings {\n    private Settings() {}\n\n`);
      assigns((e) => b.add(`    public static final String ${upper(e.name)} = `, ...literal(e.value, e.label, dq), ';\n'));
      b.add('}\n');
      return { path: `${svc}/src/main/java/io/acme/Settings.java`, builder: b };
    }
    case 'csharp': {
      b.add(`namespace Acme.${pascal(svc.replace(/\d/g, ''))};\n\npublic static class Settings\n{\n`);
      assigns((e) => b.add(`    public static readonly string ${pascal(e.name)} = `, ...literal(e.value, e.label, dq), ';\n'));
      b.add('}\n');
      return { path: `${svc}/src/Settings.cs`, builder: b };
    }
    case 'ruby': {
      b.add(`# frozen_string_literal: true\n\nmodule ${pascal(svc.replace(/\d/g, ''))}\n  class Config\n`);
      assigns((e) => b.add(`    ${upper(e.name)} = `, ...literal(e.value, e.label, r.chance(0.5) ? sq : dq), '\n'));
      b.add('  end\nend\n');
      return { path: `${svc}/config/initializers/${r.pick(['secrets', 'clients', 'services'])}.rb`, builder: b };
    }
    case 'php': {
      b.add(`<?php\n\ndeclare(strict_types=1);\n\nreturn [\n    'name' => '${svc}',\n`);
      assigns((e) => b.add(`    '${snake(e.name)}' => `, ...literal(e.value, e.label, sq), ',\n'));
      b.add('];\n');
      return { path: `${svc}/config/services.php`, builder: b };
    }
    case 'yaml-compose': {
      b.add(`services:\n  ${svc}:\n    image: ghcr.io/acme/${svc}:1.${r.int(0, 40)}.${r.int(0, 9)}\n    ports:\n      - "${r.int(3000, 9000)}:8080"\n    environment:\n`);
      assigns((e) => b.add(`      ${upper(e.name)}: `, ...yamlValue(e.value, e.label, 6, r), '\n'));
      b.add(`    restart: unless-stopped\n`);
      return { path: `${svc}/docker-compose.yml`, builder: b };
    }
    case 'yaml-k8s': {
      if (r.chance(0.5)) {
        b.add(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${svc}-secrets\n  namespace: prod\ntype: Opaque\nstringData:\n`);
        assigns((e) => b.add(`  ${kebab(e.name)}: `, ...yamlValue(e.value, e.label, 2, r), '\n'));
      } else {
        b.add(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${svc}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/${svc}:2.${r.int(0, 9)}\n          env:\n`);
        assigns((e) => {
          if (e.value.raw && e.value.secret.includes('secretKeyRef')) b.add(`            - name: ${upper(e.name)}\n              valueFrom: `, ...yamlValue(e.value, e.label, 14, r), '\n');
          else b.add(`            - name: ${upper(e.name)}\n              value: `, ...yamlValue(e.value, e.label, 14, r), '\n');
        });
      }
      return { path: `deploy/k8s/${svc}.yaml`, builder: b };
    }
    case 'yaml-actions': {
      b.add(`name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      SERVICE: ${svc}\n`);
      for (const e of entries) if (e.t === 'assign') b.add(`      ${upper(e.name)}: `, ...yamlValue(e.value, e.label, 6, r), '\n');
      b.add(`    steps:\n      - uses: actions/checkout@v4\n      - name: Deploy\n        run: |\n`);
      for (const e of entries) if (e.t === 'line') b.add('          ', ...e.segs, '\n');
      b.add(`          echo "done"\n`);
      return { path: `${svc}/.github/workflows/deploy.yml`, builder: b };
    }
    case 'yaml-app': {
      b.add(`server:\n  port: ${r.int(3000, 9000)}\n${svc.replace(/-\d+$/, '')}:\n  region: eu-west-1\n  credentials:\n`);
      assigns((e) => b.add(`    ${snake(e.name)}: `, ...yamlValue(e.value, e.label, 4, r), '\n'));
      b.add(`logging:\n  level: INFO\n`);
      return { path: `${svc}/config/${r.pick(['application.yml', 'config.yaml', 'settings.yaml'])}`, builder: b };
    }
    case 'json': {
      b.add(`{\n  "name": "${svc}",\n  "version": "1.${r.int(0, 20)}.0",\n  "settings": {\n`);
      const list = entries.filter((e): e is AssignEntry => e.t === 'assign');
      list.forEach((e, n) => {
        const val = e.value.raw ? e.value : e.value;
        b.add(`    "${camel(e.name)}": `, ...literal(val, e.label, jsonQ), n < list.length - 1 ? ',\n' : '\n');
      });
      b.add(`  }\n}\n`);
      return { path: `${svc}/config/${r.pick(['production.json', 'appsettings.json', 'default.json'])}`, builder: b };
    }
    case 'toml': {
      b.add(`[service]\nname = "${svc}"\nworkers = ${r.int(2, 16)}\n\n[credentials]\n`);
      assigns((e) => b.add(`${snake(e.name)} = `, ...literal(e.value, e.label, multiline(e.value) ? { open: '"""\n', close: '"""', enc: (s) => s } : r.chance(0.7) ? dq : sq), '\n'));
      return { path: `${svc}/config.toml`, builder: b };
    }
    case 'ini': {
      b.add(`[DEFAULT]\nservice = ${svc}\n\n[credentials]\n`);
      assigns((e) => b.add(`${snake(e.name)} = `, ...literal(e.value, e.label, plain), '\n'));
      return { path: `${svc}/${r.pick(['app.ini', 'settings.cfg', 'service.conf'])}`, builder: b };
    }
    case 'properties': {
      b.add(`# ${svc}\nserver.port=${r.int(3000, 9000)}\nspring.application.name=${svc}\n`);
      assigns((e) => b.add(`app.${kebab(e.name)}=`, ...literal(e.value, e.label, plain), '\n'));
      return { path: `${svc}/src/main/resources/application.properties`, builder: b };
    }
    case 'hcl': {
      b.add(`terraform {\n  required_version = ">= 1.5"\n}\n\nlocals {\n  service = "${svc}"\n`);
      assigns((e) => b.add(`  ${snake(e.name)} = `, ...(multiline(e.value) && !e.value.raw ? heredoc(e) : literal(e.value, e.label, e.value.secret.startsWith('${') || e.value.raw ? (e.value.raw ? plain : dq) : dq)), '\n'));
      b.add('}\n');
      return { path: `infra/${svc}/${r.pick(['main.tf', 'locals.tf', 'terraform.tfvars'])}`, builder: b };
    }
    case 'xml': {
      b.add(`<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <appSettings>\n    <add key="ServiceName" value="${svc}" />\n`);
      assigns((e) => b.add(`    <add key="${pascal(e.name)}" value=`, ...literal(e.value, e.label, dq), ' />\n'));
      b.add(`  </appSettings>\n</configuration>\n`);
      return { path: `${svc}/${r.pick(['App.config', 'Web.config', 'app.config'])}`, builder: b };
    }
    case 'dockerfile': {
      b.add(`FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\n`);
      assigns((e) => b.add(`ENV ${upper(e.name)}=`, ...literal(e.value, e.label, needsQuotes(e.value) ? dq : plain), '\n'), (segs) => b.add('RUN ', ...segs, '\n'));
      b.add(`COPY . .\nCMD ["node", "server.js"]\n`);
      return { path: `${svc}/Dockerfile`, builder: b };
    }
    case 'markdown': {
      b.add(`# ${svc}\n\nInternal service. To run it locally:\n\n\`\`\`bash\n`);
      assigns((e) => b.add(`export ${upper(e.name)}=`, ...literal(e.value, e.label, needsQuotes(e.value) ? dq : plain), '\n'));
      b.add('```\n\nThen start it with `make run`.\n');
      return { path: `${svc}/${r.pick(['README.md', 'docs/setup.md', 'RUNBOOK.md'])}`, builder: b };
    }
    default:
      return renderSpecial(host, entries, r, i, b, svc);
  }
}

function heredoc(e: AssignEntry): Seg[] {
  return ['<<-EOT\n', e.label ? { text: e.value.secret, label: e.label } : e.value.secret, '\n  EOT'];
}

function renderSpecial(host: HostName, entries: Entry[], r: Rng, i: number, b: FileBuilder, svc: string): Rendered {
  const only = entries.filter((e): e is AssignEntry => e.t === 'assign');
  switch (host) {
    case 'pem-file': {
      const e = only[0];
      b.add(...literal(e.value, e.label, plain), '\n');
      const first = e.value.secret;
      const file = first.startsWith('PuTTY') ? 'deploy.ppk'
        : first.includes('PGP') ? 'signing-key.asc'
        : first.includes('OCI_API_KEY') ? 'oci/oci_api_key.pem'
        : first.includes('OPENSSH') ? 'id_ed25519'
        : first.includes('CERTIFICATE') ? 'tls/ca.crt'
        : first.includes('PUBLIC KEY') ? 'keys/jwt_public.pem'
        : r.pick(['tls/server.key', 'keys/private.pem', 'id_rsa', 'certs/client.key']);
      return { path: `${svc}/${file}`, builder: b };
    }
    case 'npmrc': {
      b.add(`registry=https://registry.npmjs.org/\n@acme:registry=https://npm.acme.io/\nalways-auth=true\n`);
      for (const e of only) b.add(e.name === '_auth' ? '//npm.acme.io/:_auth=' : r.pick(['//registry.npmjs.org/:_authToken=', '//npm.acme.io/:_authToken=']), ...literal(e.value, e.label, plain), '\n');
      return { path: `${svc}/.npmrc`, builder: b };
    }
    case 'maven-settings': {
      b.add(`<?xml version="1.0" encoding="UTF-8"?>\n<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0">\n  <servers>\n`);
      for (const e of only) b.add(`    <server>\n      <id>${r.pick(['acme-releases', 'acme-snapshots', 'central-mirror'])}</id>\n      <username>${r.pick(['deployer', 'ci'])}</username>\n      <password>`, ...literal(e.value, e.label, plain), `</password>\n    </server>\n`);
      b.add(`  </servers>\n</settings>\n`);
      return { path: `${svc}/.mvn/settings.xml`, builder: b };
    }
    case 'composer-auth': {
      b.add(`{\n    "http-basic": {\n`);
      only.forEach((e, n) => b.add(`        "${r.pick(['repo.packagist.com', 'satis.acme.io', 'nova.laravel.com'])}": {\n            "username": "${r.pick(['token', 'deploy@acme.io'])}",\n            "password": `, ...literal(e.value, e.label, jsonQ), `\n        }${n < only.length - 1 ? ',' : ''}\n`));
      b.add(`    }\n}\n`);
      return { path: `${svc}/auth.json`, builder: b };
    }
    case 'docker-config': {
      b.add(`{\n  "auths": {\n`);
      only.forEach((e, n) => b.add(`    "${r.pick(['https://index.docker.io/v1/', 'registry.acme.io', 'ghcr.io'])}": {\n      "auth": `, ...literal(e.value, e.label, jsonQ), `\n    }${n < only.length - 1 ? ',' : ''}\n`));
      b.add(`  },\n  "credsStore": "desktop"\n}\n`);
      return { path: `${svc}/.docker/config.json`, builder: b };
    }
    case 'kubeconfig': {
      const caData = Buffer.from(pem(r, 'CERTIFICATE', 'MIIC/jCCAeagAwIBAgIB', 720) + '\n').toString('base64');
      b.add(`apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: `, { text: caData, label: { kind: 'kubeconfig-certificate-data', positive: false } });
      b.add(`\n    server: https://${r.pick(['10.0.12.4', 'k8s.prod.acme.io'])}:6443\n  name: prod\ncontexts:\n- context:\n    cluster: prod\n    user: deployer\n  name: prod\ncurrent-context: prod\nusers:\n- name: deployer\n  user:\n`);
      for (const e of only) {
        if (e.name === 'client-key-data') {
          const cert = Buffer.from(pem(r, 'CERTIFICATE', 'MIIDITCCAgmgAwIBAgII', 760) + '\n').toString('base64');
          b.add('    client-certificate-data: ', { text: cert, label: { kind: 'kubeconfig-certificate-data', positive: false } }, '\n');
          b.add('    client-key-data: ', ...literal(e.value, e.label, plain), '\n');
        } else b.add('    token: ', ...literal(e.value, e.label, plain), '\n');
      }
      return { path: `${svc}/${r.pick(['kubeconfig', '.kube/config', 'deploy/kubeconfig.yaml'])}`, builder: b };
    }
    case 'gcp-sa-json': {
      const e = only[0];
      const project = `acme-${r.pick(['prod', 'data', 'ml'])}-${r.digits(6)}`;
      const account = r.pick(['deployer', 'bq-loader', 'gcs-sync']);
      b.add(`{\n  "type": "service_account",\n  "project_id": "${project}",\n  "private_key_id": "`, { text: r.hex(40), label: { kind: 'gcp-private-key-id', positive: false } });
      b.add(`",\n  "private_key": `, ...literal({ ...e.value, post: e.value.post + '\n' }, e.label, jsonQ));
      b.add(`,\n  "client_email": "${account}@${project}.iam.gserviceaccount.com",\n  "client_id": "${r.digits(21)}",\n  "auth_uri": "https://accounts.google.com/o/oauth2/auth",\n  "token_uri": "https://oauth2.googleapis.com/token",\n  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",\n  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/${account}%40${project}.iam.gserviceaccount.com",\n  "universe_domain": "googleapis.com"\n}\n`);
      return { path: `${svc}/${r.pick(['service-account.json', 'gcp-key.json', 'credentials/sa.json'])}`, builder: b };
    }
    case 'pypirc': {
      b.add(`[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__\n`);
      for (const e of only) b.add('password = ', ...literal(e.value, e.label, plain), '\n');
      return { path: `${svc}/.pypirc`, builder: b };
    }
    case 'netrc': {
      for (const e of only) b.add(`machine ${r.pick(['api.acme.io', 'git.acme-corp.net', 'ftp.partner.net'])}\n  login ${r.pick(['deploy', 'ci'])}\n  password `, ...literal(e.value, e.label, plain), '\n');
      return { path: `${svc}/.netrc`, builder: b };
    }
    default:
      throw new Error(`unknown host ${host}`);
  }
}

// ── Files that are negatives by nature ─────────────────────────────────────

function lockfiles(r: Rng, out: Rendered[]): void {
  const L = (kind: string, text: string): Seg => ({ text, label: { kind, positive: false } });
  const pkgs = ['left-pad', 'lodash', 'express', 'yaml', 'zod', 'chalk', 'debug', 'ms', 'semver', 'uuid'];
  for (let i = 0; i < 4; i++) {
    const b = new FileBuilder();
    b.add(`{\n  "name": "web-${i}",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n`);
    const list = r.shuffle([...pkgs]).slice(0, 6);
    list.forEach((p, n) => {
      b.add(`    "node_modules/${p}": {\n      "version": "${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}",\n      "resolved": "https://registry.npmjs.org/${p}/-/${p}-1.0.0.tgz",\n      "integrity": "`, L('lockfile-integrity', `sha512-${r.base64Bytes(64)}`), `"\n    }${n < list.length - 1 ? ',' : ''}\n`);
    });
    b.add('  }\n}\n');
    out.push({ path: `web-${i}/package-lock.json`, builder: b });
  }
  for (let i = 0; i < 3; i++) {
    const b = new FileBuilder();
    b.add('# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n');
    for (const p of r.shuffle([...pkgs]).slice(0, 6)) {
      b.add(`${p}@^1.0.0:\n  version "1.${r.int(0, 9)}.0"\n  resolved "https://registry.yarnpkg.com/${p}/-/${p}-1.0.0.tgz#`, L('lockfile-integrity', r.hex(40)), `"\n  integrity `, L('lockfile-integrity', `sha512-${r.base64Bytes(64)}`), '\n\n');
    }
    out.push({ path: `app-${i}/yarn.lock`, builder: b });
  }
  for (let i = 0; i < 3; i++) {
    const b = new FileBuilder();
    for (const p of ['requests', 'urllib3', 'certifi', 'idna', 'boto3']) {
      b.add(`[[package]]\nname = "${p}"\nversion = "2.${r.int(0, 32)}.0"\noptional = false\nfiles = [\n    {file = "${p}-2.0.0-py3-none-any.whl", hash = "`, L('lockfile-integrity', `sha256:${r.hex(64)}`), `"},\n]\n\n`);
    }
    out.push({ path: `py-${i}/poetry.lock`, builder: b });
  }
  for (let i = 0; i < 3; i++) {
    const b = new FileBuilder();
    for (const m of ['github.com/aws/aws-sdk-go-v2', 'golang.org/x/crypto', 'github.com/spf13/cobra', 'gopkg.in/yaml.v3']) {
      b.add(`${m} v1.${r.int(0, 30)}.0 `, L('lockfile-integrity', `h1:${r.base64Bytes(32)}`), '\n');
      b.add(`${m} v1.${r.int(0, 30)}.0/go.mod `, L('lockfile-integrity', `h1:${r.base64Bytes(32)}`), '\n');
    }
    out.push({ path: `go-${i}/go.sum`, builder: b });
  }
  for (let i = 0; i < 3; i++) {
    const b = new FileBuilder();
    b.add(`# This file is maintained automatically by "terraform init".\n\nprovider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.${r.int(10, 80)}.0"\n  constraints = "~> 5.0"\n  hashes = [\n`);
    b.add('    "', L('lockfile-integrity', `h1:${r.base64Bytes(32)}`), '",\n');
    for (let k = 0; k < 4; k++) b.add('    "', L('lockfile-integrity', `zh:${r.hex(64)}`), '",\n');
    b.add('  ]\n}\n');
    out.push({ path: `infra-${i}/.terraform.lock.hcl`, builder: b });
  }
}

// ── The corpus ─────────────────────────────────────────────────────────────

/**
 * A format recognisable without context: independent samples share a fixed
 * prefix of 3+ characters (`sk_live_`, `AKIA`, `postgres://`). Such kinds are
 * sometimes written without a telling name; the others (32 hex, a UUID) are
 * only secrets because of the name they are assigned to.
 */
function isDistinctive(k: PositiveKind): boolean {
  const sample = (seed: number): string => {
    const g = k.gen(new Rng(seed));
    return typeof g === 'string' ? g : g.pre + g.secret;
  };
  const a = sample(1);
  const b = sample(2);
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n >= 3 && !/^[0-9a-f]+$/.test(a.slice(0, n));
}

interface Instance { entries: Entry[] }

function fill(segs: Seg[], spec: LabelSpec): Seg[] {
  return segs.map((s) => (typeof s === 'string' ? s : { text: s.text, label: spec }));
}

export function generateCorpus(seed = CORPUS_SEED): Corpus {
  const r = new Rng(seed);
  const byHost = new Map<HostName, Instance[]>();
  const push = (map: Map<HostName, Instance[]>, host: HostName, inst: Instance): void => {
    const list = map.get(host) ?? [];
    list.push(inst);
    map.set(host, list);
  };

  for (const k of positiveKinds) {
    const hosts = r.shuffle([...(k.hosts ?? ASSIGN_HOSTS)]);
    const spec: LabelSpec = { kind: k.kind, positive: true, family: k.family };
    const distinctive = isDistinctive(k);
    for (let n = 0; n < (k.count ?? 8); n++) {
      const host = hosts[n % hosts.length];
      const generated = k.gen(r);
      const value: Lit = typeof generated === 'string' ? { pre: '', secret: generated, post: '' } : generated;
      const main: Entry = k.line
        ? { t: 'line', segs: fill(k.line(r, value.secret), spec) }
        : { t: 'assign', name: k.names ? r.pick(k.names) : k.envName, value, label: spec, unnamed: distinctive && r.chance(0.3) };
      push(byHost, host, { entries: [...(k.companions?.(r) ?? []), main] });
    }
  }

  const negByHost = new Map<HostName, Instance[]>();
  for (const k of negativeKinds) {
    let made = 0;
    for (let attempt = 0; made < k.count && attempt < k.count * 4; attempt++) {
      const host = k.hosts[(attempt * 7 + made) % k.hosts.length];
      const e = k.gen(r, host);
      if (!e) continue;
      push(negByHost, host, { entries: [e] });
      made++;
    }
  }

  const rendered: Rendered[] = [];
  let fileIndex = 0;
  const hostsInOrder = [...new Set([...byHost.keys(), ...negByHost.keys()])];
  for (const host of hostsInOrder) {
    const pos = r.shuffle(byHost.get(host) ?? []);
    const negs = r.shuffle(negByHost.get(host) ?? []);
    const single = host === 'pem-file' || host === 'gcp-sa-json';
    while (pos.length > 0 || negs.length > 0) {
      const groups: Instance[] = [];
      if (single) groups.push((pos.length > 0 ? pos : negs).shift()!);
      else {
        groups.push(...pos.splice(0, r.int(1, 4)));
        groups.push(...negs.splice(0, r.int(2, pos.length > 0 ? 4 : 6)));
      }
      r.shuffle(groups);
      rendered.push(renderHost(host, groups.flatMap((g) => g.entries), r, fileIndex++));
    }
  }
  lockfiles(r, rendered);

  const files: CorpusFile[] = [];
  const labels: Label[] = [];
  const seen = new Set<string>();
  for (const { path: p, builder } of rendered) {
    let filePath = p;
    for (let n = 2; seen.has(filePath); n++) filePath = p.replace(/(\/[^/]*)$/, `/v${n}$1`);
    seen.add(filePath);
    files.push({ path: filePath, text: builder.text });
    for (const s of builder.spans) labels.push({ file: filePath, start: s.start, end: s.end, kind: s.spec.kind, positive: s.spec.positive, family: s.spec.family });
  }
  return { files, labels };
}

// ── Hand-written files ─────────────────────────────────────────────────────

/**
 * Hand-written files under `handwritten/`: the labelled spans are marked inline
 * as `⟦+kind⟧value⟦⟧` (positive) or `⟦-kind⟧value⟦⟧` (hard negative); the
 * markers are removed before analysis.
 */
export function loadHandwritten(dir = path.join(__dirname, 'handwritten')): Corpus {
  const files: CorpusFile[] = [];
  const labels: Label[] = [];
  const families = new Map(positiveKinds.map((k) => [k.kind, k.family]));
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  for (const file of walk(dir).sort()) {
    const rel = 'handwritten/' + path.relative(dir, file).split(path.sep).join('/');
    const source = fs.readFileSync(file, 'utf8');
    let text = '';
    let last = 0;
    for (const m of source.matchAll(/⟦([+-])([a-z0-9-]+)⟧([^⟦]*)⟦⟧/g)) {
      text += source.slice(last, m.index);
      const start = text.length;
      text += m[3];
      const positive = m[1] === '+';
      if (positive && !families.has(m[2])) throw new Error(`${rel}: unknown positive kind ${m[2]}`);
      labels.push({ file: rel, start, end: text.length, kind: m[2], positive, family: positive ? families.get(m[2]) : undefined });
      last = (m.index ?? 0) + m[0].length;
    }
    text += source.slice(last);
    if (text.includes('⟦') || text.includes('⟧')) throw new Error(`${rel}: unbalanced label marker`);
    files.push({ path: rel, text });
  }
  return { files, labels };
}

/** Generated plus hand-written. */
export function buildCorpus(seed = CORPUS_SEED): Corpus {
  const generated = generateCorpus(seed);
  const hand = loadHandwritten();
  return { files: [...generated.files, ...hand.files], labels: [...generated.labels, ...hand.labels] };
}

export { ALPHA };
