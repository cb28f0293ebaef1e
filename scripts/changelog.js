'use strict';
// Keep a Changelog bookkeeping for `npm run release`: the Unreleased section becomes the new
// version's, a fresh empty Unreleased section takes its place, and the compare links follow.

const UNRELEASED = /^## \[Unreleased\][^\n]*\n/m;

/** Returns the changelog with Unreleased released as `version` on `date` (YYYY-MM-DD). */
function promoteUnreleased(text, version, date) {
	const match = UNRELEASED.exec(text);
	if (!match) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
	const bodyStart = match.index + match[0].length;
	const next = text.slice(bodyStart).search(/^## \[/m);
	const body = text.slice(bodyStart, next < 0 ? undefined : bodyStart + next).trim();
	if (!/^### /m.test(body))
		throw new Error(
			'The Unreleased section of CHANGELOG.md is empty: say what changed before releasing',
		);
	if (new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm').test(text))
		throw new Error(`CHANGELOG.md already has a section for ${version}`);
	const rest = next < 0 ? '' : text.slice(bodyStart + next);
	let out = `${text.slice(0, match.index)}## [Unreleased]\n\n## [${version}] - ${date}\n\n${body}\n\n${rest}`;
	// Links: Unreleased compares from the new tag; the new version compares from the previous one.
	const link = /^\[Unreleased\]: (.*)\/compare\/(v[^.\s]+\.[^.\s]+\.[^.\s]+)\.\.\.HEAD$/m.exec(out);
	if (link) {
		const [line, repo, previous] = link;
		out = out.replace(
			line,
			`[Unreleased]: ${repo}/compare/v${version}...HEAD\n[${version}]: ${repo}/compare/${previous}...v${version}`,
		);
	}
	return out.replace(/\n{3,}/g, '\n\n');
}

module.exports = { promoteUnreleased };
