import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

interface Scored {
  id: string;
  text: string;
  lang: string;
  brands: string[];
  sentiment: { score: number; label: string };
  crisis: { terms: string[]; categories: string[]; score: number; matches: unknown[] };
  reach: number;
}

/** Runs `vigie classify` as a real process, feeding stdin, from a directory without a config. */
function classify(input: string, args: string[] = [], cwd = tmpdir()): Promise<{ code: number | null; lines: Scored[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'classify', ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Scored);
      resolve({ code, lines, stderr });
    });
    child.stdin.end(input);
  });
}

const CONFIG = `
languages: [cmn, eng, fra]
brands:
  balenciaga:
    names: [Balenciaga, 巴黎世家]
    exclude: [Musée Balenciaga]
    terms:
      boycott: [抵制巴黎世家]
`;

describe('vigie classify', () => {
  it('scores Chinese, English and French JSONL posts from stdin to stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigie-classify-'));
    const config = join(dir, 'vigie.yaml');
    await writeFile(config, CONFIG);
    const input = [
      { text: '#抵制巴黎世家# 店员歧视中国顾客，太过分了！', metrics: { likes: 10, shares: 5, comments: 1 }, author: { id: 'u', name: 'u', followers: 100 } },
      { text: 'Boycott Balenciaga, racist staff. Never buying again.', langHint: 'en' },
      { text: "Balenciaga, ce n'est pas une arnaque : remboursé en deux jours, merci !" },
    ]
      .map((p) => JSON.stringify(p))
      .join('\n');
    const { code, lines, stderr } = await classify(`${input}\n`, ['--config', config]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
    const [zh, en, fr] = lines as [Scored, Scored, Scored];
    expect(zh).toMatchObject({ lang: 'cmn', brands: ['balenciaga'], sentiment: { label: 'neg' }, reach: 100 + 10 + 10 + 1 });
    expect(zh.crisis.categories).toEqual(['boycott', 'discrimination']);
    expect(en).toMatchObject({ lang: 'eng', brands: ['balenciaga'], sentiment: { label: 'neg' } });
    expect(en.crisis.categories).toEqual(['boycott', 'discrimination']);
    expect(fr).toMatchObject({ lang: 'fra', brands: ['balenciaga'], sentiment: { label: 'pos' } });
    expect(fr.crisis.terms).toEqual([]);
    expect(fr.text).toBe("Balenciaga, ce n'est pas une arnaque : remboursé en deux jours, merci !");
  });

  it('works without a config: no brands, languages cmn, eng, fra', async () => {
    const { code, lines } = await classify('{"text":"Balenciaga est magnifique, bravo"}\n');
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({ lang: 'fra', brands: [], sentiment: { label: 'pos' } });
    expect(lines[0]?.id).toMatch(/^ingest:/);
  });

  it('reports bad lines by number on stderr, skips them, goes on, and exits 1', async () => {
    const input = ['{"text":"first one is fine, thank you"}', 'not json at all', '', '{"nope":true}', '{"text":"last one is fine too"}'].join('\n');
    const { code, lines, stderr } = await classify(input);
    expect(code).toBe(1);
    expect(lines.map((l) => l.text)).toEqual(['first one is fine, thank you', 'last one is fine too']);
    expect(stderr).toMatch(/stdin line 2: not valid JSON/);
    expect(stderr).toMatch(/stdin line 4: "text" must be a string/);
    expect(stderr.trim().split('\n')).toHaveLength(2);
  });

  it('names a config that cannot be used', async () => {
    const { code, stderr } = await classify('{"text":"hi"}\n', ['--config', '/nonexistent/vigie.yaml']);
    expect(code).toBe(1);
    expect(stderr).toContain('/nonexistent/vigie.yaml');
  });
});
