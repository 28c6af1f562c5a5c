/**
 * The "move secret to .env.local" quick fix in Java, C#, Go, Ruby, PHP and
 * shell: the exact edited text, where no fix is offered (positions that must
 * stay constants), that the fixed file parses again with the finding gone,
 * and that applying the fixes until none is left is idempotent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import type { Finding, Fix, TextEdit } from '../server/src/engine/model';
import { applyEdits } from '../server/src/engine/fixes/validate';
import { toScreamingSnake } from '../server/src/engine/fixes/env-name';
import { githubToken } from '../rules/secret/github-token';

const ROOT = 'file:///ws';
const ENV = `${ROOT}/.env.local`;
const GITIGNORE = `${ROOT}/.gitignore`;
// Fake classic tokens with a valid CRC32 checksum (generated, never issued).
const T1 = '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';
const T2 = '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';
const T3 = 'ghs_axOPnLMVrGUcj1U4RFUF4ZwvX5c7vg2DtYEs';

beforeAll(async () => {
  await initEngine();
});

type Files = Map<string, string>;

function analyzeAll(path: string, text: string, files: Files = new Map()) {
  return analyzeText({ uri: `${ROOT}/${path}`, path, text }, { config: defaultConfig(), rules: [githubToken], workspaceRoot: ROOT, readFile: (u) => files.get(u) });
}

function findings(path: string, text: string, files: Files = new Map()): Finding[] {
  return analyzeAll(path, text, files).findings;
}

function preferredFix(f: Finding | undefined): Fix {
  const fix = f?.fixes.find((x) => x.preferred);
  if (!fix) throw new Error('no preferred fix');
  return fix;
}

/** Identical edits from several fixes (a shared import edit) apply once, as editors and the fixture driver do. */
function unique(edits: TextEdit[]): TextEdit[] {
  return edits.filter((e, i) => edits.findIndex((o) => o.range.start === e.range.start && o.range.end === e.range.end && o.newText === e.newText) === i);
}

/** The file after every finding's preferred fix (edits to this file only). */
function fixed(path: string, text: string): string {
  const uri = `${ROOT}/${path}`;
  const all = findings(path, text);
  expect(all.length).toBeGreaterThan(0);
  return applyEdits(text, unique(all.flatMap((f) => preferredFix(f).edits.filter((e) => e.uri === uri))));
}

function fixOf(path: string, text: string, index = 0): Fix {
  return preferredFix(findings(path, text)[index]);
}

/**
 * Applies one preferred fix at a time, re-analysing in between (as a user
 * would), until nothing is left to fix; then the file must parse without new
 * problems, report nothing, and offer nothing more (idempotence).
 */
function fixUntilClean(path: string, text: string): Files {
  const uri = `${ROOT}/${path}`;
  const files: Files = new Map([[uri, text]]);
  for (let round = 0; round < 6; round++) {
    const fix = findings(path, files.get(uri)!, files)[0]?.fixes.find((x) => x.preferred);
    if (!fix) break;
    const byUri = new Map<string, TextEdit[]>();
    for (const e of fix.edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
    for (const [u, edits] of byUri) files.set(u, applyEdits(files.get(u) ?? '', edits));
  }
  const final = analyzeAll(path, files.get(uri)!, files);
  expect(final.findings).toEqual([]);
  expect(final.notes).toEqual([]);
  return files;
}

/** Lines → text with a final newline. */
const lines = (...l: string[]) => l.join('\n') + '\n';

describe('Java', () => {
  const java = lines(
    'package dev.kestrel.release;',
    '',
    'public final class GitHubClient {',
    `    private static final String TOKEN = "${T1}";`,
    '',
    '    String installation() {',
    `        String installationToken = "${T3}";`,
    `        return fetch("https://api.github.com/app", "${T2}");`,
    '    }',
    '}',
  );

  it('reads System.getenv("NAME") in fields, locals and arguments', () => {
    // Each fix is planned against the same (empty) env file, so both unnamed tokens get GITHUB_TOKEN here.
    expect(fixed('src/GitHubClient.java', java)).toBe(
      java
        .replace(`"${T1}"`, 'System.getenv("GITHUB_TOKEN")')
        .replace(`"${T3}"`, 'System.getenv("INSTALLATION_TOKEN")')
        .replace(`"${T2}"`, 'System.getenv("GITHUB_TOKEN")'),
    );
    const fix = fixOf('src/GitHubClient.java', java);
    expect(fix.title).toBe('Move the GitHub personal access token (classic) to .env.local and read System.getenv("GITHUB_TOKEN")');
    expect(fix.edits.filter((e) => e.uri === ENV)).toEqual([{ uri: ENV, range: { start: 0, end: 0 }, newText: `GITHUB_TOKEN=${T1}\n`, createIfMissing: true }]);
    expect(fix.edits.filter((e) => e.uri === GITIGNORE)).toEqual([{ uri: GITIGNORE, range: { start: 0, end: 0 }, newText: '.env.local\n', createIfMissing: true }]);
  });

  it('is idempotent: the fixed class parses, reports nothing and offers nothing', () => {
    // One at a time, the second unnamed token finds GITHUB_TOKEN holding another value.
    const files = fixUntilClean('src/GitHubClient.java', java);
    expect(files.get(`${ROOT}/src/GitHubClient.java`)).toBe(
      java
        .replace(`"${T1}"`, 'System.getenv("GITHUB_TOKEN")')
        .replace(`"${T3}"`, 'System.getenv("INSTALLATION_TOKEN")')
        .replace(`"${T2}"`, 'System.getenv("GITHUB_TOKEN_2")'),
    );
    expect(files.get(ENV)).toBe(`GITHUB_TOKEN=${T1}\nINSTALLATION_TOKEN=${T3}\nGITHUB_TOKEN_2=${T2}\n`);
    expect(files.get(GITIGNORE)).toBe('.env.local\n');
  });

  it("turns Spring's @Value literal into a ${NAME} placeholder", () => {
    const spring = lines('@Component', 'class Hook {', `    @Value("${T1}")`, '    private String token;', '', `    @Value(value = "${T2}")`, '    private String other;', '}');
    expect(fixed('Hook.java', spring)).toBe(spring.replace(`"${T1}"`, '"${GITHUB_TOKEN}"').replace(`"${T2}"`, '"${GITHUB_TOKEN}"'));
    fixUntilClean('Hook.java', spring);
  });

  it('offers no fix where Java needs a compile-time constant', () => {
    expect(findings('A.java', `@Header(name = "Authorization", value = "${T1}")\nclass A {}\n`)[0].fixes).toEqual([]);
    expect(findings('B.java', `class B { void f(String s) { switch (s) { case "${T1}": break; } } }\n`)[0].fixes).toEqual([]);
    const usedInAnnotation = `class C {\n  static final String TOKEN = "${T1}";\n  @Auth(TOKEN) void f() {}\n}\n`;
    expect(findings('C.java', usedInAnnotation)[0].fixes).toEqual([]);
  });
});

describe('C#', () => {
  it('reads Environment.GetEnvironmentVariable with using System, the qualified name without', () => {
    const withUsing = lines('using System;', '', 'namespace Kestrel.Api;', '', 'public class GitHubOptions', '{', `    public static readonly string Token = "${T1}";`, '}');
    expect(fixed('Services/GitHubOptions.cs', withUsing)).toBe(withUsing.replace(`"${T1}"`, 'Environment.GetEnvironmentVariable("GITHUB_TOKEN")'));
    const withoutUsing = lines('namespace Kestrel.Api;', '', 'public class GitHubOptions', '{', `    public string Token { get; set; } = @"${T1}";`, '}');
    expect(fixed('Services/GitHubOptions.cs', withoutUsing)).toBe(withoutUsing.replace(`@"${T1}"`, 'System.Environment.GetEnvironmentVariable("GITHUB_TOKEN")'));
    const shadowed = lines('using System;', 'enum Environment { Dev, Prod }', `class K { string t = "${T1}"; }`);
    expect(fixed('K.cs', shadowed)).toBe(shadowed.replace(`"${T1}"`, 'System.Environment.GetEnvironmentVariable("GITHUB_TOKEN")'));
  });

  it('turns a const field into static readonly and a const local into a plain local', () => {
    const cs = lines(
      'using System;',
      '',
      'internal sealed class ReleaseBot',
      '{',
      `    private const string ApiToken = "${T1}";`,
      '',
      '    public string Installation()',
      '    {',
      `        const string installationToken = "${T3}";`,
      '        return installationToken + ApiToken;',
      '    }',
      '}',
    );
    const expected = cs
      .replace(`private const string ApiToken = "${T1}"`, 'private static readonly string ApiToken = Environment.GetEnvironmentVariable("API_TOKEN")')
      .replace(`const string installationToken = "${T3}"`, 'string installationToken = Environment.GetEnvironmentVariable("INSTALLATION_TOKEN")');
    expect(fixed('Bot.cs', cs)).toBe(expected);
    expect(fixUntilClean('Bot.cs', cs).get(`${ROOT}/Bot.cs`)).toBe(expected);
  });

  it('offers no fix where C# needs a constant', () => {
    expect(findings('A.cs', `[Token("${T1}")]\nclass A {}\n`)[0].fixes).toEqual([]);
    expect(findings('B.cs', `class B { void F(string t = "${T1}") {} }\n`)[0].fixes).toEqual([]);
    expect(findings('C.cs', `class C { void F(string s) { switch (s) { case "${T1}": break; } } }\n`)[0].fixes).toEqual([]);
    const usedInAttribute = `class D {\n  const string Token = "${T1}";\n  [Auth(Token)] void F() {}\n}\n`;
    expect(findings('D.cs', usedInAttribute)[0].fixes).toEqual([]);
    const usedInConst = `class E {\n  const string Token = "${T1}";\n  const string Header = "token " + Token;\n}\n`;
    expect(findings('E.cs', usedInConst)[0].fixes).toEqual([]);
  });
});

describe('Go', () => {
  it('turns a single import into a block with "os" and a lone const into var', () => {
    const go = lines('package release', '', 'import "fmt"', '', `const token = "${T1}"`, '', 'func Header() string { return fmt.Sprintf("token %s", token) }');
    const expected = lines('package release', '', 'import (', '\t"fmt"', '\t"os"', ')', '', 'var token = os.Getenv("GITHUB_TOKEN")', '', 'func Header() string { return fmt.Sprintf("token %s", token) }');
    expect(fixed('release/client.go', go)).toBe(expected);
    expect(fixUntilClean('release/client.go', go).get(`${ROOT}/release/client.go`)).toBe(expected);
  });

  it('adds "os" to the first group of an import block, once for two literals', () => {
    const go = lines(
      'package main',
      '',
      'import (',
      '\t"context"',
      '\t"net/http"',
      '\t"strings"',
      '',
      '\t"github.com/google/go-github/v66/github"',
      ')',
      '',
      'func main() {',
      `\tclient := github.NewClient(http.DefaultClient).WithAuthToken("${T1}")`,
      `\tcfg := Config{AppToken: \`${T3}\`}`,
      '\t_, _, _ = client, cfg, context.Background()',
      '\t_ = strings.TrimSpace',
      '}',
    );
    const expected = go
      .replace('\t"net/http"\n', '\t"net/http"\n\t"os"\n')
      .replace(`"${T1}"`, 'os.Getenv("GITHUB_TOKEN")')
      .replace(`\`${T3}\``, 'os.Getenv("APP_TOKEN")');
    expect(fixed('cmd/main.go', go)).toBe(expected);
    expect(fixUntilClean('cmd/main.go', go).get(`${ROOT}/cmd/main.go`)).toBe(expected);
  });

  it('imports os after the package clause, or reuses an existing (aliased) import', () => {
    const bare = lines('package main', '', `var token = "${T1}"`);
    expect(fixed('a.go', bare)).toBe(lines('package main', '', 'import "os"', '', 'var token = os.Getenv("GITHUB_TOKEN")'));
    const aliased = lines('package main', '', 'import (', '\tgoos "os"', ')', '', `var token = "${T1}"`);
    expect(fixed('b.go', aliased)).toBe(aliased.replace(`"${T1}"`, 'goos.Getenv("GITHUB_TOKEN")'));
    const present = lines('package main', '', 'import "os"', '', `func f() { token := "${T1}"; _ = token; _ = os.Args }`);
    expect(fixed('c.go', present)).toBe(present.replace(`"${T1}"`, 'os.Getenv("GITHUB_TOKEN")'));
  });

  it('offers no fix for a const that must stay constant', () => {
    const grouped = lines('package main', '', 'const (', `\ttoken = "${T1}"`, '\tother = "x"', ')');
    expect(findings('a.go', grouped)[0].fixes).toEqual([]);
    const usedInConst = lines('package main', '', `const token = "${T1}"`, 'const header = "token " + token');
    expect(findings('b.go', usedInConst)[0].fixes).toEqual([]);
    expect(findings('c.go', lines('package main', '', 'import _ "os"', '', `var token = "${T1}"`))[0].fixes).toEqual([]);
  });
});

describe('Ruby', () => {
  it('reads ENV.fetch("NAME"), keeping the quote style', () => {
    const rb = lines(
      'require "octokit"',
      '',
      `TOKEN = "${T1}"`,
      '',
      `client = Octokit::Client.new(access_token: '${T2}')`,
      'client.user',
    );
    const expected = rb.replace(`"${T1}"`, 'ENV.fetch("GITHUB_TOKEN")').replace(`'${T2}'`, "ENV.fetch('ACCESS_TOKEN')");
    expect(fixed('lib/client.rb', rb)).toBe(expected);
    expect(fixOf('lib/client.rb', rb).title).toBe('Move the GitHub personal access token (classic) to .env.local and read ENV.fetch("GITHUB_TOKEN")');
    expect(fixUntilClean('lib/client.rb', rb).get(`${ROOT}/lib/client.rb`)).toBe(expected);
  });

  it('leaves a piece of an implicitly concatenated string alone', () => {
    expect(findings('a.rb', `x = "${T1}" "suffix"\n`)[0].fixes).toEqual([]);
  });
});

describe('PHP', () => {
  it("reads getenv('NAME') in code, arrays and define()", () => {
    const php = lines(
      '<?php',
      '',
      'namespace App\\Release;',
      '',
      `define('GITHUB_TOKEN', '${T1}');`,
      '',
      'final class Client',
      '{',
      '    public function options(): array',
      '    {',
      `        $installation = "${T3}";`,
      `        return ['token' => '${T2}', 'installation' => $installation];`,
      '    }',
      '}',
    );
    const expected = php
      .replace(`'${T1}'`, "getenv('GITHUB_TOKEN')")
      .replace(`"${T3}"`, 'getenv("INSTALLATION")')
      .replace(`'${T2}'`, "getenv('GITHUB_TOKEN_2')");
    expect(fixUntilClean('src/Client.php', php).get(`${ROOT}/src/Client.php`)).toBe(expected);
  });

  it('offers no fix in constant expressions: const, property and parameter defaults, attributes', () => {
    expect(findings('a.php', `<?php\nclass A { const TOKEN = '${T1}'; }\n`)[0].fixes).toEqual([]);
    expect(findings('b.php', `<?php\nconst TOKEN = '${T1}';\n`)[0].fixes).toEqual([]);
    expect(findings('c.php', `<?php\nclass C { private string $token = '${T1}'; }\n`)[0].fixes).toEqual([]);
    expect(findings('d.php', `<?php\nfunction d($token = '${T1}') { return $token; }\n`)[0].fixes).toEqual([]);
    expect(findings('e.php', `<?php\n#[Auth('${T1}')]\nfunction e() {}\n`)[0].fixes).toEqual([]);
  });
});

describe('shell', () => {
  it('guards assignments with ${NAME:?…} and quotes arguments as "$NAME"', () => {
    const sh = lines(
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      '',
      `export GITHUB_TOKEN=${T1}`,
      `release_token='${T2}'`,
      `gh api /user --header "Authorization: token $release_token" --token "${T3}"`,
    );
    const expected = sh
      .replace(`=${T1}`, '="${GITHUB_TOKEN:?GITHUB_TOKEN is not set}"')
      .replace(`'${T2}'`, '"${RELEASE_TOKEN:?RELEASE_TOKEN is not set}"')
      .replace(`"${T3}"`, '"$GITHUB_TOKEN"');
    expect(fixed('scripts/deploy.sh', sh)).toBe(expected);
    // One at a time, `--token` (too generic a name) finds GITHUB_TOKEN holding another value.
    const files = fixUntilClean('scripts/deploy.sh', sh);
    expect(files.get(`${ROOT}/scripts/deploy.sh`)).toBe(expected.replace('"$GITHUB_TOKEN"', '"$GITHUB_TOKEN_2"'));
    expect(files.get(ENV)).toBe(`GITHUB_TOKEN=${T1}\nRELEASE_TOKEN=${T2}\nGITHUB_TOKEN_2=${T3}\n`);
  });

  it('keeps the rest of a concatenated word and works in a command prefix', () => {
    const sh = `AUTH=token:"${T1}"\nGH_TOKEN='${T2}' gh release create v1\n`;
    expect(fixed('a.sh', sh)).toBe('AUTH=token:"${AUTH:?AUTH is not set}"\nGH_TOKEN="${GH_TOKEN:?GH_TOKEN is not set}" gh release create v1\n');
  });
});

describe('config formats', () => {
  it('moves a committed .env value to .env.local under the same name, leaving the key empty', () => {
    const env = lines('# Release bot', `GITHUB_TOKEN=${T1}`, `export RELEASE_TOKEN="${T2}" # rotated 2026-10`, 'LOG_LEVEL=info');
    const fix = fixOf('.env', env);
    expect(fix.title).toBe('Move the GitHub personal access token (classic) to .env.local (loaded over .env by Next.js, Vite, dotenv-flow …) and leave GITHUB_TOKEN empty here');
    const expected = lines('# Release bot', 'GITHUB_TOKEN=', 'export RELEASE_TOKEN= # rotated 2026-10', 'LOG_LEVEL=info');
    expect(fixed('.env', env)).toBe(expected);
    const files = fixUntilClean('.env', env);
    expect(files.get(`${ROOT}/.env`)).toBe(expected);
    expect(files.get(ENV)).toBe(`GITHUB_TOKEN=${T1}\nRELEASE_TOKEN=${T2}\n`);
  });

  it('offers no dotenv fix when .env.local holds the name with another value (the override works by name)', () => {
    const files: Files = new Map([[ENV, `GITHUB_TOKEN=${T3}\n`]]);
    expect(findings('.env', `GITHUB_TOKEN=${T1}\n`, files)[0].fixes).toEqual([]);
    const same: Files = new Map([[ENV, `GITHUB_TOKEN=${T1}\n`], [GITIGNORE, '.env.local\n']]);
    expect(findings('.env', `GITHUB_TOKEN=${T1}\n`, same)[0].fixes[0].edits).toEqual([{ uri: `${ROOT}/.env`, range: { start: 13, end: 53 }, newText: '' }]);
  });

  it('reads "${NAME}" in Docker Compose files', () => {
    const compose = lines(
      'services:',
      '  release:',
      '    image: ghcr.io/kestrel/release:1.4',
      '    environment:',
      `      GITHUB_TOKEN: ${T1}`,
      `      RELEASE_TOKEN: '${T2}'`,
    );
    const expected = compose.replace(T1, '"${GITHUB_TOKEN}"').replace(`'${T2}'`, '"${RELEASE_TOKEN}"');
    expect(fixed('compose.yaml', compose)).toBe(expected);
    expect(fixOf('compose.yaml', compose).title).toBe('Move the GitHub personal access token (classic) to .env.local and read "${GITHUB_TOKEN}" (docker compose --env-file .env.local)');
    expect(fixUntilClean('compose.yaml', compose).get(`${ROOT}/compose.yaml`)).toBe(expected);
    // Other YAML (a workflow, a manifest) gets no fix: its reference syntax is not ${NAME}.
    expect(findings('deploy.yaml', `token: ${T1}\n`)[0].fixes).toEqual([]);
  });
});

it('never puts the secret in a fix title', () => {
  for (const [path, text] of [
    ['A.java', `class A { String t = "${T1}"; }\n`],
    ['a.go', `package a\nvar t = "${T1}"\n`],
    ['a.sh', `T=${T1}\n`],
  ]) {
    expect(fixOf(path, text).title).not.toContain(T1.slice(4));
  }
});

it('derives names from one-letter acronyms as one word (OAuthToken → OAUTH_TOKEN)', () => {
  expect(toScreamingSnake('OAuthToken')).toBe('OAUTH_TOKEN');
  expect(toScreamingSnake('githubOAuthToken')).toBe('GITHUB_OAUTH_TOKEN');
  expect(toScreamingSnake('XMLHttpToken')).toBe('XML_HTTP_TOKEN');
  expect(toScreamingSnake('IOStream')).toBe('IO_STREAM');
});
