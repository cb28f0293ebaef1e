'use strict';
// The repository stands alone: no tracked file names a folder of the machine it was written on,
// or a folder beside the checkout. A fact from elsewhere is written down with its public source.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
	.split('\0')
	.filter(Boolean);

// Home folders and workspaces of development machines, the checkout's own absolute path and the
// folder that holds it, and relative paths that climb out of the repository.
const outside = [
	/(^|[^\w.~-])\/(root|Users|work)\/[\w.-]/,
	/(^|[^\w.~-])\/home\/(?!node\/)[\w.-]+\//, // /home/node is the n8n container's own home, named in docs
	/(^|[\s"'`(=])\.\.\/(\.\.\/)*shared\b/,
];
// The folder holding this checkout, when it is specific enough not to match ordinary text (not / or /tmp).
const parent = path.dirname(root);
if (parent.split('/').filter(Boolean).length >= 2)
	outside.push(new RegExp(`${parent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`));

test('no tracked file points outside the repository', () => {
	const offenders = [];
	for (const file of tracked) {
		if (file === 'package-lock.json' || file.startsWith('test/project/standalone.test.js'))
			continue;
		const full = path.join(root, file);
		if (!fs.existsSync(full) || fs.statSync(full).size > 2 * 1024 * 1024) continue;
		const text = fs.readFileSync(full, 'utf8');
		text.split('\n').forEach((line, index) => {
			if (outside.some((pattern) => pattern.test(line)))
				offenders.push(`${file}:${index + 1}: ${line.trim().slice(0, 120)}`);
		});
	}
	expect(offenders).toEqual([]);
});

test('the check itself catches a development path and a sibling folder', () => {
	// Built from parts, so this file does not itself name a workspace folder.
	const workspacePath = ['', 'work', 'shared', 'notes.md'].join('/');
	const hits = [
		`see ${workspacePath}`,
		'cat ../shared/x',
		'open /Users/dev/project/a.png',
		'at /home/alice/code',
	].filter((line) => outside.some((p) => p.test(line)));
	expect(hits).toHaveLength(4);
	expect(outside.some((p) => p.test('"fileSelector": "/home/node/.n8n-files/inbox/*.png"'))).toBe(
		false,
	);
});
