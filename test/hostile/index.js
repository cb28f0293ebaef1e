'use strict';
// A deliberately hostile fake of the DashScope API (not the emulator): every route is a script a
// test replaces, and three listeners record whatever reaches them, so a test can prove where the
// key went.
//   api    the configured base URL (http://127.0.0.1:P/api/v1)
//   other  another origin on another port: the target of redirects
//   proxy  a forward proxy for HTTP_PROXY: any request leaving for a non-loopback host lands here
// All listen on 127.0.0.1 only, are unref()-ed, and close themselves after `idleStopMs` idle.
const http = require('node:http');
const crypto = require('node:crypto');
const { makePng } = require('../fixtures/images');

const PNG = makePng(400, 400, [0, 128, 255]);

/** Answer helpers for scripts: each returns a (req, res) => void. */
const answer = {
	json:
		(status, body, headers = {}) =>
		(_req, res) => {
			const text = typeof body === 'string' ? body : JSON.stringify(body);
			res.writeHead(status, {
				'Content-Type': 'application/json',
				'Content-Length': Buffer.byteLength(text),
				...headers,
			});
			res.end(text);
		},
	redirect: (status, location) => (_req, res) => {
		res.writeHead(status, { Location: location, 'Content-Length': 0 });
		res.end();
	},
	bytes:
		(body, type = 'image/png', headers = {}) =>
		(_req, res) => {
			res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, ...headers });
			res.end(body);
		},
	/** The given answers in turn, the last one repeated. */
	sequence: (...answers) => {
		let next = 0;
		return (req, res) => answers[Math.min(next++, answers.length - 1)](req, res);
	},
	/** `body` one byte every `everyMs` (a declared Content-Length unless `chunked`). */
	trickle:
		(body, everyMs = 200, { chunked = false } = {}) =>
		(_req, res) => {
			res.writeHead(200, {
				'Content-Type': 'image/png',
				...(chunked ? {} : { 'Content-Length': body.length }),
			});
			let at = 0;
			const timer = setInterval(() => {
				if (at >= body.length) {
					clearInterval(timer);
					return res.end();
				}
				res.write(body.subarray(at, at + 1));
				at += 1;
			}, everyMs);
			res.on('close', () => clearInterval(timer));
		},
	/** A body without Content-Length that never ends: `chunkBytes` every `everyMs`. */
	endless:
		(chunkBytes = 65536, everyMs = 5) =>
		(_req, res) => {
			res.writeHead(200, { 'Content-Type': 'image/png' });
			const chunk = Buffer.concat([PNG.subarray(0, 64), Buffer.alloc(chunkBytes)]);
			const timer = setInterval(() => res.write(chunk), everyMs);
			res.on('close', () => clearInterval(timer));
		},
};

function route(method, path) {
	if (method === 'POST' && /\/services\/aigc\/image2image\/image-synthesis$/.test(path))
		return 'create';
	if (method === 'POST' && /\/tasks\/[^/]+\/cancel$/.test(path)) return 'cancel';
	if (method === 'GET' && /\/api\/v1\/tasks\/[^/]+$/.test(path)) return 'query';
	if (method === 'GET' && /\/api\/v1\/tasks$/.test(path)) return 'list';
	if (method === 'GET' && path.startsWith('/img/')) return 'download';
	return 'other';
}

async function listen(handler, idleStopMs) {
	let idle;
	const server = http.createServer((req, res) => {
		clearTimeout(idle);
		idle = setTimeout(() => server.close(), idleStopMs).unref();
		handler(req, res);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	server.unref();
	idle = setTimeout(() => server.close(), idleStopMs).unref();
	return {
		server,
		origin: `http://127.0.0.1:${server.address().port}`,
		stop: () =>
			new Promise((resolve) => {
				clearTimeout(idle);
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** What a script answers by default: a service that works, so each test breaks only one thing. */
function defaults(hostile) {
	const task = (status) => ({
		request_id: 'req-h',
		output: { task_id: hostile.taskId, task_status: status },
	});
	return {
		create: answer.json(200, task('PENDING')),
		query: (req, res) =>
			answer.json(200, {
				...task('SUCCEEDED'),
				output: {
					...task('SUCCEEDED').output,
					results: [
						{ url: `${hostile.api.origin}/img/1.png?Expires=1&Signature=secret-signature` },
					],
				},
			})(req, res),
		list: answer.json(200, {
			request_id: 'req-h',
			total: 0,
			total_page: 1,
			page_no: 1,
			page_size: 10,
			data: [],
		}),
		cancel: answer.json(200, { request_id: 'req-h' }),
		download: answer.bytes(PNG),
		other: answer.json(404, { code: 'NotFound', message: 'no such route' }),
		proxy: (req, res) => {
			res.writeHead(403, { 'Content-Type': 'text/plain' });
			res.end('recording proxy: nothing leaves');
		},
	};
}

async function startHostile({ idleStopMs = 120_000 } = {}) {
	const hostile = {
		key: `sk-hostile-${crypto.randomBytes(12).toString('hex')}`,
		taskId: 'task-hostile-1',
		/** Every request any listener received: { via, route, method, url, host, authorization, headers, body (JSON), time }. */
		requests: [],
		scripts: {},
		answer,
		png: PNG,
	};
	const record = (via) => (req) => {
		const path = new URL(req.url, 'http://placeholder').pathname;
		const entry = {
			via,
			route: via === 'api' ? route(req.method, path) : via,
			method: req.method,
			url: req.url,
			host: req.headers.host,
			authorization: req.headers.authorization,
			headers: req.headers,
			time: Date.now(),
		};
		hostile.requests.push(entry);
		return entry;
	};
	const handle = (via) => {
		const log = record(via);
		return (req, res) => {
			const entry = log(req);
			const chunks = [];
			req.on('data', (chunk) => chunks.length < 64 && chunks.push(chunk));
			req.on('end', () => {
				try {
					entry.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
				} catch {
					entry.body = undefined;
				}
				const script =
					hostile.scripts[entry.route] ?? hostile.base[entry.route] ?? hostile.base.other;
				script(req, res, entry);
			});
		};
	};
	hostile.api = await listen(handle('api'), idleStopMs);
	hostile.other = await listen(handle('other'), idleStopMs);
	hostile.proxy = await listen(handle('proxy'), idleStopMs);
	// CONNECT (an https:// target through the proxy): recorded, never tunnelled.
	hostile.proxy.server.on('connect', (req, socket) => {
		record('proxy')(req);
		socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
	});
	hostile.base = defaults(hostile);
	hostile.baseUrl = `${hostile.api.origin}/api/v1`;
	hostile.credential = (overrides = {}) => ({
		apiKey: hostile.key,
		region: 'custom',
		baseUrl: hostile.baseUrl,
		workspaceId: '',
		...overrides,
	});
	hostile.script = (scripts) => Object.assign(hostile.scripts, scripts);
	hostile.reset = () => {
		hostile.requests.length = 0;
		hostile.scripts = {};
	};
	hostile.of = (name) => hostile.requests.filter((entry) => entry.route === name);
	/** Requests that carried the key (in any header) and did not go to the configured API. */
	hostile.leaks = () =>
		hostile.requests.filter(
			(entry) => entry.via !== 'api' && JSON.stringify(entry.headers).includes(hostile.key),
		);
	/** Where the key (or its last 16 characters) shows up: the run's data, its log lines, another host. */
	hostile.keyTraces = (run) => {
		const needles = [hostile.key, hostile.key.slice(-16)];
		const places = {
			'run data': JSON.stringify(run.raw),
			'log lines': JSON.stringify(run.logLines),
		};
		const found = Object.keys(places).filter((place) =>
			needles.some((needle) => places[place].includes(needle)),
		);
		return [
			...found,
			...hostile.leaks().map((entry) => `${entry.via}: ${entry.method} ${entry.url}`),
		];
	};
	hostile.stop = async () => {
		await Promise.all([hostile.api.stop(), hostile.other.stop(), hostile.proxy.stop()]);
	};
	return hostile;
}

/**
 * A hostile service for the calling test file: started before its tests, reset before each,
 * stopped after. Returns a stand-in that forwards to it once started.
 */
function useHostile(options) {
	let instance;
	beforeAll(async () => {
		instance = await startHostile(options);
	});
	afterAll(async () => await instance.stop());
	beforeEach(() => instance.reset());
	return new Proxy({}, { get: (_target, name) => instance[name] });
}

module.exports = { startHostile, useHostile, answer };
