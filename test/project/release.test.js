'use strict';
// `npm run release`: the changelog bookkeeping, and the whole flow in a throw-away clone
// (clean-tree check, bump, changelog, commit, tag), without its lint and test steps.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promoteUnreleased } = require('../../scripts/changelog');

const sample = `# Changelog

## [Unreleased]

### Added
- A watcher.

## [0.1.0] - 2026-11-23

### Added
- Edit.

[Unreleased]: https://example.com/r/compare/v0.1.0...HEAD
[0.1.0]: https://example.com/r/releases/tag/v0.1.0
`;

test('Unreleased becomes the new version, a fresh Unreleased stays on top, links follow', () => {
	const out = promoteUnreleased(sample, '0.2.0', '2026-12-01');
	expect(out).toContain(
		'## [Unreleased]\n\n## [0.2.0] - 2026-12-01\n\n### Added\n- A watcher.\n\n## [0.1.0] - 2026-11-23',
	);
	expect(out).toContain(
		'[Unreleased]: https://example.com/r/compare/v0.2.0...HEAD\n[0.2.0]: https://example.com/r/compare/v0.1.0...v0.2.0',
	);
});

test('an empty Unreleased section or a version already released is refused', () => {
	const empty = promoteUnreleased(sample, '0.2.0', '2026-12-01');
	expect(() => promoteUnreleased(empty, '0.3.0', '2026-12-02')).toThrow('is empty');
	expect(() => promoteUnreleased(sample, '0.1.0', '2026-12-02')).toThrow(
		'already has a section for 0.1.0',
	);
});

test('the release script refuses a dirty tree, then bumps, commits and tags a clean one', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wan-release-'));
	try {
		const git = (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
		git('init', '-q');
		git('config', 'user.email', 'test@example.com');
		git('config', 'user.name', 'Release Test');
		fs.mkdirSync(path.join(dir, 'scripts'));
		for (const file of ['scripts/release.js', 'scripts/changelog.js'])
			fs.copyFileSync(path.join(__dirname, '..', '..', file), path.join(dir, file));
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			`${JSON.stringify({ name: 'x', version: '0.1.0', private: true }, null, 2)}\n`,
		);
		fs.writeFileSync(
			path.join(dir, 'package-lock.json'),
			`${JSON.stringify({ name: 'x', version: '0.1.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'x', version: '0.1.0' } } }, null, 2)}\n`,
		);
		fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), sample);
		git('add', '.');
		git('commit', '-q', '-m', 'start');
		const release = () => {
			try {
				return {
					code: 0,
					out: execFileSync(process.execPath, ['scripts/release.js', 'minor', '--skip-checks'], {
						cwd: dir,
						encoding: 'utf8',
						stdio: 'pipe',
					}),
				};
			} catch (error) {
				return { code: error.status, out: `${error.stdout}${error.stderr}` };
			}
		};
		fs.writeFileSync(path.join(dir, 'stray.txt'), 'x');
		expect(release()).toMatchObject({ code: 1, out: expect.stringContaining('not clean') });
		fs.rmSync(path.join(dir, 'stray.txt'));
		expect(release().code).toBe(0);
		expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version).toBe(
			'0.2.0',
		);
		expect(git('tag', '--list').trim()).toBe('v0.2.0');
		expect(git('log', '-1', '--format=%s').trim()).toBe('Release 0.2.0');
		expect(git('show', 'HEAD:CHANGELOG.md')).toMatch(
			/## \[0\.2\.0\] - \d{4}-\d{2}-\d{2}\n\n### Added\n- A watcher\./,
		);
		expect(git('status', '--porcelain').trim()).toBe('');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
