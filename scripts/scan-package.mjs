// n8n's own community-package scanner (@n8n/scan-community-package, a devDependency pinned to the
// version n8n's verification runs) on this package, offline. Its `analyzePackageByName` downloads
// the published tarball and the source its npm provenance points at; here the same two legs run
// on what would be published: the source (its SOURCE_FILE_PATTERNS, the full rule set on .ts) and
// the packed tarball (compiled .js and the shipped package.json). The provenance leg needs a
// published version and is checked by the publish workflow's `npm publish --provenance`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'wan-scan-'));
// The scanner makes a temporary folder when it loads: keep it inside ours, removed at the end.
process.env.TMPDIR = work;
try {
	const { analyzePackage, SOURCE_FILE_PATTERNS } =
		await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
		}),
	);
	execFileSync('tar', ['-xzf', path.join(work, packed[0].filename), '-C', work]);
	const legs = [
		['source', await analyzePackage(root, SOURCE_FILE_PATTERNS)],
		[
			packed[0].filename,
			await analyzePackage(path.join(work, 'package'), ['**/*.js', 'package.json']),
		],
	];
	for (const [leg, result] of legs) {
		if (result.details) process.stdout.write(result.details);
		console.log(
			`n8n community-package scan (${leg}): ${result.passed ? 'passed' : `FAILED: ${result.message}`}`,
		);
	}
	process.exitCode = legs.every(([, result]) => result.passed) ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
