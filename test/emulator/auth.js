'use strict';

// API keys are region-bound and each region is one account: a key only opens its own region.
const crypto = require('crypto');
const { REGIONS, DEFAULT_KEYS } = require('./facts');

/** options.keys: { region: 'key' | ['key', ...] } merged over the defaults. */
function buildKeyring(keysOption) {
	const byKey = new Map();
	const primary = {};
	const all = {};
	for (const region of Object.keys(REGIONS)) {
		const given =
			keysOption && keysOption[region] !== undefined ? keysOption[region] : DEFAULT_KEYS[region];
		const list = (Array.isArray(given) ? given : [given]).map(String).filter(Boolean);
		if (!list.length) throw new Error(`emulator: region ${region} needs at least one key`);
		primary[region] = list[0];
		all[region] = list.slice();
		for (const key of list) {
			if (byKey.has(key)) throw new Error('emulator: the same key is configured for two regions');
			byKey.set(key, { region, keyId: keyIdOf(key) });
		}
	}
	for (const region of Object.keys(keysOption || {})) {
		if (!REGIONS[region]) throw new Error(`emulator: unknown region "${region}" in keys`);
	}
	return { byKey, primary, all };
}

/** A stable, non-secret id of a key (list items' api_key_id; never the key itself). */
function keyIdOf(key) {
	return crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * -> { auth: 'valid'|'missing'|'invalid'|'wrong-region', account, keyId }.
 * A header without the Bearer scheme counts as invalid, not missing (CHOICE).
 */
function authenticate(keyring, header, region) {
	if (header === undefined || String(header).trim() === '') return { auth: 'missing' };
	const m = /^Bearer\s+(\S+)\s*$/i.exec(String(header));
	if (!m) return { auth: 'invalid' };
	const found = keyring.byKey.get(m[1]);
	if (!found) return { auth: 'invalid' };
	if (found.region !== region) return { auth: 'wrong-region' };
	return { auth: 'valid', account: region, keyId: found.keyId };
}

module.exports = { buildKeyring, authenticate, keyIdOf };
