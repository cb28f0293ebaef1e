#!/usr/bin/env node
'use strict';
// This workplace's npm registry lacks other platforms' optional binaries (e.g. the
// unrs-resolver bindings for macOS and Windows), so `npm install` writes a lock whose optional
// dependencies have no entries, and `npm ci` then refuses it. Run after `npm install`: it drops
// optional dependencies the lock has no entry for, which `npm ci` accepts.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const hasEntry = (owner, name) => {
	for (let dir = owner; ; dir = dir.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '')) {
		if (lock.packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
		if (!dir) return false;
	}
};
let pruned = 0;
for (const [owner, entry] of Object.entries(lock.packages)) {
	for (const name of Object.keys(entry.optionalDependencies ?? {})) {
		if (!hasEntry(owner, name)) {
			delete entry.optionalDependencies[name];
			pruned++;
		}
	}
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`prune-lock: removed ${pruned} optional dependencies missing from the lock`);
