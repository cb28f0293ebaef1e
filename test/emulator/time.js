'use strict';

// Times as the service shows them: Beijing wall clock (UTC+8), whatever the host's time zone.
const { BEIJING_OFFSET_MS } = require('./facts');

/** `YYYY-MM-DD HH:mm:ss.SSS` in Beijing time (query answers). */
function beijingTime(ms) {
	return new Date(ms + BEIJING_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 23);
}

/** `YYYYMMDDhhmmss` read as Beijing time (list filters) -> epoch ms, or NaN when malformed. */
function parseCompactBeijing(text) {
	const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(String(text));
	if (!m) return NaN;
	const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
	const ms = Date.UTC(y, mo - 1, d, h, mi, s);
	// Date.UTC rolls 20240231 into March: refuse instead of guessing.
	const back = new Date(ms);
	if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
		return NaN;
	return ms - BEIJING_OFFSET_MS;
}

/** Epoch ms -> `YYYYMMDDhhmmss` Beijing (for tests and docs). */
function compactBeijing(ms) {
	return beijingTime(ms).replace(/[-: ]/g, '').slice(0, 14);
}

module.exports = { beijingTime, parseCompactBeijing, compactBeijing };
