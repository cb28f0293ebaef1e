'use strict';

// HTTP front: maps paths to routes and regions, reads bodies (bounded), logs every service
// request, applies injected faults around the real handler, and writes the answer.
const http = require('http');
const crypto = require('crypto');
const { REGIONS, WORKSPACE_HOST, BARE_PATH_REGION, ROUTES } = require('./facts');
const { ApiError, errorBody, ossErrorXml } = require('./errors');
const { ossRequestId } = require('./service');
const { handleControl } = require('./control');

const REGION_NAMES = Object.keys(REGIONS).join('|');
const BASE = new RegExp(`^(?:/(${REGION_NAMES}))?/api/v1(/.*)?$`);

/**
 * The region a real service host names: a shared DashScope domain or a workspace domain
 * (-> { region, workspace }); null for any other host (127.0.0.1: the path prefix decides).
 */
function regionOfHost(hostHeader) {
	const host = String(hostHeader || '')
		.replace(/:\d+$/, '')
		.toLowerCase();
	const ws = WORKSPACE_HOST.exec(host);
	for (const [region, facts] of Object.entries(REGIONS)) {
		if (ws ? ws[2] === facts.regionId : host === facts.sharedHost)
			return { region, workspace: ws ? ws[1] : null };
	}
	return null;
}

/** -> { route, region, taskId } for a method and path. */
function classify(method, path) {
	if (path.startsWith('/results/'))
		return {
			route: method === 'GET' || method === 'HEAD' ? 'download' : 'other',
			region: null,
			taskId: null,
		};
	const m = BASE.exec(path);
	if (!m) return { route: 'other', region: null, taskId: null };
	const region = m[1] || BARE_PATH_REGION;
	const rest = (m[2] || '').replace(/\/+$/, '');
	let t;
	// Both create routes are one 'create' route for faults, rate limits and the log; api tells them apart.
	const api = Object.keys(ROUTES).find((key) => ROUTES[key] === rest);
	if (method === 'POST' && api) return { route: 'create', api, region, taskId: null };
	if (method === 'GET' && rest === '/tasks') return { route: 'list', region, taskId: null };
	if (method === 'GET' && (t = /^\/tasks\/([^/]+)$/.exec(rest)))
		return { route: 'query', region, taskId: safeDecode(t[1]) };
	if (method === 'POST' && (t = /^\/tasks\/([^/]+)\/cancel$/.exec(rest)))
		return { route: 'cancel', region, taskId: safeDecode(t[1]) };
	return { route: 'other', region, taskId: null };
}

function safeDecode(text) {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** Reads the whole body; past `max` bytes it keeps draining (so the 413 reaches the client) but stores nothing. */
function readBody(req, max) {
	return new Promise((resolve) => {
		let chunks = [];
		let bytes = 0;
		req.on('data', (c) => {
			bytes += c.length;
			if (bytes > max) chunks = null;
			else chunks.push(c);
		});
		req.on('end', () =>
			resolve({ buffer: chunks ? Buffer.concat(chunks, bytes) : null, bytes, tooLarge: !chunks }),
		);
		req.on('error', () => resolve({ aborted: true, bytes }));
		req.on('aborted', () => resolve({ aborted: true, bytes }));
	});
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function errorResponse(err, requestId) {
	if (err instanceof ApiError) {
		return {
			status: err.status,
			json: errorBody(requestId, err.code, err.message),
			headers: err.headers,
			code: err.code,
		};
	}
	console.error('[dashscope-emulator] internal error:', err);
	return {
		status: 500,
		json: errorBody(requestId, 'InternalError', String(err && err.message)),
		headers: {},
		code: 'InternalError',
	};
}

/** The answer an injected fault gives instead of (or before) the real one. */
function faultResponse(emu, fault, route, requestId, real) {
	const taskId = real ? real.taskId : undefined;
	if (fault.kind === 'malformed') {
		const raw =
			route === 'download'
				? Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48])
				: Buffer.from(`{"request_id":"${requestId}","output":{"task_id":"`);
		return {
			status: 200,
			raw,
			contentType: route === 'download' ? 'image/png' : 'application/json',
			headers: {},
			code: null,
			taskId,
		};
	}
	const headers = {};
	const retryAfter =
		fault.retryAfter ?? (fault.status === 429 ? emu.options.retryAfterSeconds : null);
	if (retryAfter !== null && retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
	if (route === 'download') {
		return {
			status: fault.status,
			xml: ossErrorXml(fault.code, fault.message, requestId, 'emulator-oss.aliyuncs.com'),
			headers,
			code: fault.code,
			taskId,
		};
	}
	return {
		status: fault.status,
		json: errorBody(requestId, fault.code, fault.message),
		headers,
		code: fault.code,
		taskId,
	};
}

function send(req, res, response, requestId, clockOffsetMs = 0) {
	if (res.destroyed || res.writableEnded) return;
	// The service's own clock (Node would send this machine's).
	const headers = { Date: new Date(Date.now() + clockOffsetMs).toUTCString(), ...response.headers };
	let body = null;
	if (response.json) {
		body = Buffer.from(JSON.stringify(response.json));
		headers['Content-Type'] = 'application/json';
		headers['X-Request-Id'] = requestId;
	} else if (response.xml !== undefined) {
		body = Buffer.from(response.xml);
		headers['Content-Type'] = 'application/xml';
	} else if (response.raw) {
		body = response.raw;
		headers['Content-Type'] = response.contentType;
	}
	if (response.parts) {
		headers['Content-Type'] = response.contentType;
		headers['Content-Length'] = response.length;
		res.writeHead(response.status, headers);
		if (req.method === 'HEAD') return res.end();
		for (const part of response.parts) res.write(part);
		return res.end();
	}
	headers['Content-Length'] = body ? body.length : 0;
	res.writeHead(response.status, headers);
	res.end(req.method === 'HEAD' ? undefined : body);
}

async function handleService(emu, req, res, url) {
	const path = url.pathname;
	const classified = classify(req.method, path);
	const { route, api, taskId } = classified;
	// A service host (e.g. a test routing *.aliyuncs.com here) decides the region; else the path.
	const byHost = route === 'download' ? null : regionOfHost(req.headers.host);
	const region = byHost && classified.region ? byHost.region : classified.region;
	const workspace = req.headers['x-dashscope-workspace'];
	const record = {
		seq: ++emu.seq,
		time: Date.now(),
		method: req.method,
		route,
		region,
		path,
		query: Object.fromEntries(url.searchParams),
		status: null,
		code: null,
		taskId,
		auth: null,
		fault: null,
		asyncHeader: String(req.headers['x-dashscope-async'] || '').toLowerCase() === 'enable',
		workspace: workspace === undefined ? null : String(workspace),
		host: byHost ? String(req.headers.host) : null,
		hostWorkspace: byHost ? byHost.workspace : null,
		bodyBytes: 0,
	};
	emu.pushLog(record);
	const body = await readBody(req, emu.options.maxBodyBytes);
	record.bodyBytes = body.bytes;
	if (body.aborted) return; // the client went away before sending everything: nothing is processed
	const requestId = route === 'download' ? ossRequestId() : crypto.randomUUID();
	const fault = emu.faults.pick(route, taskId, emu.rng);
	record.fault = fault ? fault.kind : null;
	const finish = (response) => {
		record.status = response.status;
		record.code = response.code || null;
		if (response.taskId) record.taskId = response.taskId;
		send(req, res, response, requestId, emu.options.clockOffsetMs);
	};
	const reset = () => req.socket.destroy();

	if (fault && fault.phase === 'before') {
		if (fault.kind === 'reset') return reset();
		if (fault.kind === 'slow') await sleep(fault.delayMs);
		else return finish(faultResponse(emu, fault, route, requestId, null));
	}
	const ctx = {
		method: req.method,
		route,
		api,
		region,
		taskId,
		path,
		url,
		headers: req.headers,
		body,
		requestId,
		record,
	};
	let response;
	try {
		response = route === 'download' ? emu.service.download(ctx) : await emu.service.handle(ctx);
	} catch (err) {
		response = errorResponse(err, requestId);
	}
	if (fault && fault.phase === 'after') {
		if (response.taskId) record.taskId = response.taskId;
		if (fault.kind === 'reset') return reset();
		if (fault.kind === 'slow') await sleep(fault.delayMs);
		else response = faultResponse(emu, fault, route, requestId, response);
	}
	finish(response);
}

function createHttpServer(emu) {
	const server = http.createServer({ keepAliveTimeout: 5000 }, (req, res) => {
		emu.touch();
		const url = new URL(req.url, 'http://127.0.0.1');
		const job = url.pathname.startsWith('/__emulator/')
			? handleControl(emu, req, res, url)
			: handleService(emu, req, res, url);
		job.catch((err) => {
			console.error('[dashscope-emulator] request failed:', err);
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(
					JSON.stringify(
						errorBody(crypto.randomUUID(), 'InternalError', String(err && err.message)),
					),
				);
			}
		});
	});
	return server;
}

module.exports = {
	regionOfHost,
	createHttpServer,
	classify,
	readBody,
};
