'use strict';
// A real n8n instance in a fresh user folder: the packed package installed as users get it,
// credentials and workflows imported with the n8n CLI, workflows executed headless or served live.
const fs = require('node:fs');
const path = require('node:path');
const { request } = require('undici');
const { run, start, stopChild, tempDir, freePort, sleep, log, elapsed } = require('./util');

const ENCRYPTION_KEY = 'n8n-nodes-alibaba-wan-e2e-key-0001';

let compileCache;
// Every n8n command boots n8n anew (seconds of module loading): Node 22+ keeps the compiled code in
// this folder (one per run, removed with the temp folders), so each boot after the first loads faster.
const compileCacheDir = () => (compileCache ??= tempDir('wan-e2e-compile-cache-'));

/** Creates a user folder with the tarball installed under .n8n/nodes. */
async function createInstance(host, { tarball, label = 'n8n', port, extraEnv = {} } = {}) {
	const root = tempDir(`wan-e2e-${label}-`);
	const userFolder = path.join(root, 'user');
	const files = path.join(root, 'files'); // the only folder n8n's file nodes may touch
	fs.mkdirSync(path.join(userFolder, '.n8n', 'nodes'), { recursive: true });
	fs.mkdirSync(files, { recursive: true });
	if (tarball) {
		const t = Date.now();
		// As users get it: the packed tarball, no dev or peer dependencies. npm still resolves the omitted
		// peer's tree (n8n-workflow, hundreds of packages): --prefer-offline takes their metadata from
		// npm's cache when there, instead of asking the registry again for each (seconds per install).
		await run(
			'npm',
			[
				'install',
				'--prefix',
				path.join(userFolder, '.n8n', 'nodes'),
				'--omit=dev',
				'--omit=peer',
				'--prefer-offline',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				tarball,
			],
			{ quiet: true },
		);
		log(`${label}: package installed into ${userFolder}/.n8n/nodes in ${elapsed(t)}`);
	}
	const brokerPort = await freePort();
	const httpPort = port ?? (await freePort());
	const env = {
		...process.env,
		PATH: `${host.nodeBinDir}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_LEVEL: 'info',
		N8N_DEFAULT_BINARY_DATA_MODE: 'default',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RESTRICT_FILE_ACCESS_TO: files,
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(httpPort),
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		WEBHOOK_URL: `http://127.0.0.1:${httpPort}/`,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// 1.x: the default expression engine needs isolated-vm 6 (Node 22); it has no mcp-registry module.
		...(host.version.startsWith('1.')
			? { N8N_EXPRESSION_ENGINE: 'legacy', N8N_RUNNERS_ENABLED: 'false' }
			: { N8N_DISABLED_MODULES: 'mcp-registry', NODE_COMPILE_CACHE: compileCacheDir() }),
		...extraEnv,
	};
	delete env.NODE_OPTIONS;
	return {
		host,
		root,
		userFolder,
		files,
		env,
		port: httpPort,
		origin: `http://127.0.0.1:${httpPort}`,
		label,
	};
}

/** Runs an n8n CLI command; resolves { code, stdout, stderr, ms }. */
async function cli(instance, args, options = {}) {
	const t = Date.now();
	const result = await run(instance.host.node, [instance.host.n8nBin, ...args], {
		env: instance.env,
		quiet: true,
		allowFail: true,
		limitSeconds: 20 * 60,
		...options,
	});
	return { ...result, ms: Date.now() - t };
}

async function cliOk(instance, args) {
	const result = await cli(instance, args);
	if (result.code !== 0)
		throw new Error(`n8n ${args.join(' ')} exited ${result.code}\n${tail(result)}`);
	return result;
}

const tail = ({ stdout, stderr }, lines = 30) =>
	`${stdout}\n${stderr}`.trim().split('\n').slice(-lines).join('\n');

function writeJson(instance, name, value) {
	const file = path.join(instance.root, name);
	fs.writeFileSync(file, JSON.stringify(value, null, 2));
	return file;
}

async function importCredentials(instance, credentials) {
	return await cliOk(instance, [
		'import:credentials',
		`--input=${writeJson(instance, 'credentials.json', credentials)}`,
	]);
}

/** Imports one workflow (object), several in one command (array) or a file; returns the CLI result. */
async function importWorkflow(instance, workflow, { name } = {}) {
	const file =
		typeof workflow === 'string'
			? workflow
			: writeJson(
					instance,
					`${name ?? (Array.isArray(workflow) ? workflow.map((w) => w.id).join('+') : workflow.id)}.workflow.json`,
					workflow,
				);
	return await cli(instance, ['import:workflow', `--input=${file}`]);
}

/** Makes a workflow active for `n8n start` (2.x publish, 1.x update --active). */
async function activate(instance, id) {
	if (instance.host.version.startsWith('1.'))
		return await cliOk(instance, ['update:workflow', `--id=${id}`, '--active=true']);
	return await cliOk(instance, ['publish:workflow', `--id=${id}`]);
}

/** Finds the run data in the output of `n8n execute --rawOutput` (JSON logs: the last `{` record). */
function parseRunData(stdout) {
	const trimmed = stdout.trim();
	try {
		const value = JSON.parse(trimmed);
		if (value?.data?.resultData || value?.resultData) return value.data ?? value;
	} catch {
		/* mixed with log lines */
	}
	let found = null;
	for (const line of trimmed.split('\n')) {
		if (!line.startsWith('{')) continue;
		let record;
		try {
			record = JSON.parse(line);
		} catch {
			continue;
		}
		const message = typeof record.message === 'string' ? record.message : null;
		if (message && message.trimStart().startsWith('{')) {
			try {
				const value = JSON.parse(message);
				if (value?.data?.resultData || value?.resultData) found = value.data ?? value;
			} catch {
				/* not run data */
			}
		} else if (record.data?.resultData || record.resultData) {
			found = record.data ?? record;
		}
	}
	if (!found) {
		// Pretty-printed JSON spanning many lines after the log records.
		const start = trimmed.indexOf('\n{');
		if (start >= 0) {
			try {
				const value = JSON.parse(trimmed.slice(start + 1));
				found = value.data ?? value;
			} catch {
				/* give up */
			}
		}
	}
	return found;
}

/** `n8n execute --id`: resolves { code, ms, data (IRunExecutionData), stdout, stderr }. */
async function execute(instance, id) {
	const result = await cli(instance, ['execute', `--id=${id}`, '--rawOutput']);
	return { ...result, data: parseRunData(result.stdout) };
}

/** Items a node output in the run data (first run, main output 0). */
function nodeItems(data, nodeName, output = 0) {
	const runs = data?.resultData?.runData?.[nodeName];
	if (!runs?.length) return null;
	return runs[0].data?.main?.[output] ?? [];
}

/**
 * `n8n start` (or `args`, e.g. ['worker'] with a health port as the instance's origin): resolves the
 * child once /healthz/readiness answers 200.
 */
async function startServer(
	instance,
	{ readyTimeoutMs = 120_000, limitSeconds = 30 * 60, args = ['start'] } = {},
) {
	const t = Date.now();
	const what = `n8n ${args.join(' ')}`;
	// Bounded by `timeout`: the server stops by itself even if the script driving it is SIGKILLed.
	const child = start(instance.host.node, [instance.host.n8nBin, ...args], {
		env: instance.env,
		name: `n8n-${instance.label}`,
		limitSeconds,
	});
	instance.server = child;
	const deadline = Date.now() + readyTimeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`${what} exited ${child.exitCode}\n${child.output.slice(-30).join('\n')}`);
		try {
			const res = await request(`${instance.origin}/healthz/readiness`, {
				headersTimeout: 2000,
				bodyTimeout: 2000,
			});
			await res.body.text();
			if (res.statusCode === 200) {
				log(`${instance.label}: ${what} ready on ${instance.origin} after ${elapsed(t)}`);
				return child;
			}
		} catch {
			/* not yet */
		}
		await sleep(200);
	}
	throw new Error(
		`${what} not ready after ${readyTimeoutMs} ms\n${child.output.slice(-30).join('\n')}`,
	);
}

async function stopServer(instance) {
	if (instance.server) await stopChild(instance.server, 10_000);
	instance.server = null;
}

/** Owner account and API key, headless (POST /rest/owner/setup, then /rest/api-keys). */
async function setupOwner(
	instance,
	{
		email = 'owner@example.com',
		password = 'Wan-e2e-Passw0rd',
		firstName = 'Wan',
		lastName = 'Tester',
	} = {},
) {
	const browserId = 'wan-e2e-browser';
	const res = await request(`${instance.origin}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ email, password, firstName, lastName }),
	});
	const text = await res.body.text();
	if (res.statusCode !== 200)
		throw new Error(`owner setup: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
	const setCookie = [].concat(res.headers['set-cookie'] ?? []);
	const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
	let apiKey = null;
	try {
		const keyRes = await request(`${instance.origin}/rest/api-keys`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': browserId, cookie },
			body: JSON.stringify({
				label: 'wan-e2e',
				scopes: ['workflow:read', 'workflow:list', 'execution:read', 'execution:list'],
				expiresAt: null,
			}),
		});
		const body = JSON.parse(await keyRes.body.text());
		apiKey = body?.data?.rawApiKey ?? null;
	} catch {
		/* the key is a convenience */
	}
	return { email, password, cookie, apiKey, browserId };
}

module.exports = {
	createInstance,
	cli,
	cliOk,
	importCredentials,
	importWorkflow,
	activate,
	execute,
	parseRunData,
	nodeItems,
	startServer,
	stopServer,
	setupOwner,
	tail,
	ENCRYPTION_KEY,
};
