'use strict';

// Fetches URL inputs, but only from loopback hosts: the emulator must never touch the internet.
const http = require('http');
const https = require('https');
const { INPUT_DOWNLOAD } = require('./facts');

function isLoopback(hostname) {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Resolves { buffer } or { tooLarge: true }; rejects with a human reason when the download fails.
 * `maxBytes` bounds memory: the body is abandoned as soon as it grows past it.
 */
function download(urlText, maxBytes, redirects = INPUT_DOWNLOAD.maxRedirects) {
	return new Promise((resolve, reject) => {
		let url;
		try {
			url = new URL(urlText);
		} catch {
			return reject(new Error('the URL is malformed'));
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:')
			return reject(new Error(`unsupported scheme ${url.protocol}`));
		if (!isLoopback(url.hostname))
			return reject(
				new Error(`host ${url.hostname} is not reachable from the emulator (loopback only)`),
			);
		const lib = url.protocol === 'https:' ? https : http;
		// 'localhost' is pinned to 127.0.0.1 so no resolver is ever asked.
		const options = { agent: false, rejectUnauthorized: false, timeout: INPUT_DOWNLOAD.timeoutMs };
		if (url.hostname === 'localhost')
			options.lookup = (h, o, cb) =>
				o && o.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4);
		const req = lib.get(url, options, (res) => {
			if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
				res.resume();
				if (redirects <= 0) return reject(new Error('too many redirects'));
				return download(new URL(res.headers.location, url).href, maxBytes, redirects - 1).then(
					resolve,
					reject,
				);
			}
			if (res.statusCode !== 200) {
				res.resume();
				return reject(new Error(`HTTP ${res.statusCode}`));
			}
			const parts = [];
			let size = 0;
			res.on('data', (chunk) => {
				size += chunk.length;
				if (size > maxBytes) {
					req.destroy();
					resolve({ tooLarge: true, size });
				} else parts.push(chunk);
			});
			res.on('end', () => resolve({ buffer: Buffer.concat(parts, size) }));
			res.on('error', (e) => reject(new Error(e.message)));
		});
		req.on('timeout', () => req.destroy(new Error('timed out')));
		req.on('error', (e) => reject(new Error(e.code || e.message)));
	});
}

module.exports = { download, isLoopback };
