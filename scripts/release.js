#!/usr/bin/env node
'use strict';
// npm run release -- <patch|minor|major|x.y.z>
// On a clean checkout: lint and every test, then the version bump, the changelog's Unreleased
// section moved under the new version, one commit and the tag v<version>. Pushing the tag
// (git push --follow-tags) starts .github/workflows/publish.yml, which publishes with provenance.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { promoteUnreleased } = require('./changelog');

const root = path.join(__dirname, '..');
const sh = (cmd, args, opts = {}) =>
	execFileSync(cmd, args, {
		cwd: root,
		encoding: 'utf8',
		stdio: opts.quiet ? 'pipe' : 'inherit',
		...opts,
	});

function nextVersion(current, bump) {
	if (/^\d+\.\d+\.\d+$/.test(bump)) return bump;
	const [major, minor, patch] = current.split('.').map(Number);
	if (bump === 'major') return `${major + 1}.0.0`;
	if (bump === 'minor') return `${major}.${minor + 1}.0`;
	if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
	throw new Error(`Usage: npm run release -- <patch|minor|major|x.y.z> (got "${bump ?? ''}")`);
}

function main() {
	const [bump, ...flags] = process.argv.slice(2);
	const pkgFile = path.join(root, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	const version = nextVersion(pkg.version, bump);
	if (sh('git', ['status', '--porcelain'], { quiet: true }).trim())
		throw new Error('The working tree is not clean: commit or stash first');
	// Checks first: a failing check leaves nothing changed. `--skip-checks` is for this script's own test.
	if (!flags.includes('--skip-checks')) {
		sh('npm', ['run', 'lint']);
		sh('npm', ['test']);
	}
	const changelogFile = path.join(root, 'CHANGELOG.md');
	const changelog = promoteUnreleased(
		fs.readFileSync(changelogFile, 'utf8'),
		version,
		new Date().toISOString().slice(0, 10),
	);
	sh('npm', ['version', version, '--no-git-tag-version', '--ignore-scripts'], { quiet: true });
	fs.writeFileSync(changelogFile, changelog);
	sh('git', ['add', 'package.json', 'package-lock.json', 'CHANGELOG.md']);
	sh('git', ['commit', '-q', '-m', `Release ${version}`]);
	sh('git', ['tag', '-a', `v${version}`, '-m', `Release ${version}`]);
	console.log(`Released ${version} locally: push with "git push --follow-tags" to publish.`);
}

try {
	main();
} catch (error) {
	console.error(`release: ${error.message}`);
	process.exitCode = 1;
}
