// Lints the packed tarball the way n8n's community-package scanner does (@n8n/scan-community-package):
// the compiled JS, the shipped package.json, with its rule set and inline eslint comments ignored.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';
import { ESLint } from 'eslint';
import { defineConfig } from 'eslint/config';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';
import fg from 'fast-glob';

const work = mkdtempSync(path.join(tmpdir(), 'wan-scan-'));
try {
	const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { encoding: 'utf8' }));
	execFileSync('tar', ['-xzf', path.join(work, packed[0].filename), '-C', work]);
	const root = path.join(work, 'package');
	const config = defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{ files: ['**/*.json'], languageOptions: { parser: tseslint.parser } },
		{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
	);
	const eslint = new ESLint({ cwd: root, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: config });
	const files = fg.sync(['**/*.js', '**/*.ts', '**/*.json'], { cwd: root, absolute: true, ignore: ['node_modules/**'] });
	const results = await eslint.lintFiles(files);
	const formatter = await eslint.loadFormatter('stylish');
	const report = await formatter.format(results);
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	process.stdout.write(report || '');
	console.log(`package scan: ${files.length} files of ${packed[0].filename}, ${errors} errors`);
	process.exitCode = errors ? 1 : 0;
} finally {
	rmSync(work, { recursive: true, force: true });
}
