'use strict';
/**
 * Test-only name resolution for the service's hosts: while installed, every HTTP(S) request of
 * this process to a host under aliyuncs.com (what a credential with a real Region resolves to)
 * goes, in plain HTTP, to the emulator on 127.0.0.1 instead, with its Host header unchanged, so
 * the emulator picks the region (and workspace) from the host as the service does. Nothing ever
 * leaves the machine: an aliyuncs.com request without an emulator is refused, not sent.
 *
 * It wraps node's http.request / https.request, which both n8n 1.x (axios) and 2.x
 * (@n8n/backend-network, axios) call for the node's requests.
 *   const restore = routeServiceHosts(emu); ... restore();
 */
const http = require('http');
const https = require('https');

const SERVICE_HOST = /(^|\.)aliyuncs\.com$/i;

function targetOf(args) {
	const [first, second] = args;
	if (typeof first === 'string' || first instanceof URL) {
		const url = new URL(String(first));
		return { url, options: typeof second === 'object' && second !== null ? second : {}, rest: 2 };
	}
	const options = first || {};
	const host = options.hostname || String(options.host || '').replace(/:\d+$/, '');
	return { url: host ? new URL(`http://${host}`) : null, options, rest: 1 };
}

function routeServiceHosts(emu) {
	const originals = { http: http.request, https: https.request };
	const port = Number(new URL(emu.origin).port);
	const divert = (original) =>
		function request(...args) {
			const { url, options, rest } = targetOf(args);
			if (!url || !SERVICE_HOST.test(url.hostname)) return original.apply(this, args);
			const path =
				options.path ||
				(args[0] instanceof URL || typeof args[0] === 'string' ? url.pathname + url.search : '/');
			const headers = { ...(options.headers || {}), host: url.hostname };
			const routed = {
				...options,
				protocol: 'http:',
				hostname: '127.0.0.1',
				host: undefined,
				port,
				path,
				headers,
				agent: undefined,
				servername: undefined,
				lookup: undefined,
			};
			return originals.http.call(http, routed, ...args.slice(rest));
		};
	http.request = divert(originals.http);
	https.request = divert(originals.https);
	return () => {
		http.request = originals.http;
		https.request = originals.https;
	};
}

module.exports = { routeServiceHosts };
