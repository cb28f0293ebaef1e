'use strict';
// Small process helpers shared by the e2e, dev and bench scripts: every child started here is tracked
// and killed (process group) on exit, so nothing outlives the script.
const { spawn } = require('node:child_process');
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const T0 = Date.now();
const log = (message) =>
	console.log(`[${((Date.now() - T0) / 1000).toFixed(1).padStart(6)}s] ${message}`);
const elapsed = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const children = new Set();
const tempDirs = new Set();

function killChild(child, signal = 'SIGTERM') {
	if (child.exitCode !== null || child.signalCode !== null) return;
	try {
		// Under `timeout`, a polite signal goes to `timeout` alone (it forwards it once); else to the group.
		if (child.bounded && signal !== 'SIGKILL') process.kill(child.pid, signal);
		else process.kill(-child.pid, signal); // its own process group (detached)
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* gone */
		}
	}
}

/**
 * With `limitSeconds`, the command runs under coreutils `timeout`, so it ends by itself even if this
 * script is killed with SIGKILL and cannot clean up.
 */
function bounded(cmd, args, limitSeconds) {
	if (!limitSeconds || !fs.existsSync('/usr/bin/timeout')) return [cmd, args];
	return ['/usr/bin/timeout', ['-k', '10', String(Math.ceil(limitSeconds)), cmd, ...args]];
}

/**
 * Starts a child in its own process group; tracked for clean-up. Output goes to `onLine` or is kept.
 * `uid`/`gid` run it as another user (PostgreSQL refuses to run as root).
 */
function start(
	cmd,
	args,
	{ cwd, env, onLine, name = path.basename(cmd), limitSeconds, uid, gid } = {},
) {
	[cmd, args] = bounded(cmd, args, limitSeconds);
	const child = spawn(cmd, args, {
		cwd,
		env,
		uid,
		gid,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.bounded = Boolean(limitSeconds);
	children.add(child);
	child.output = [];
	const feed = (stream) => {
		let rest = '';
		stream.setEncoding('utf8');
		stream.on('data', (chunk) => {
			rest += chunk;
			let i;
			while ((i = rest.indexOf('\n')) >= 0) {
				const line = rest.slice(0, i);
				rest = rest.slice(i + 1);
				child.output.push(line);
				if (child.output.length > 5000) child.output.shift();
				onLine?.(line);
			}
		});
		stream.on('end', () => {
			if (rest) {
				child.output.push(rest);
				onLine?.(rest);
			}
		});
	};
	feed(child.stdout);
	feed(child.stderr);
	child.exited = new Promise((resolve) =>
		child.on('close', (code, signal) => {
			children.delete(child);
			resolve({ code, signal });
		}),
	);
	child.on('error', (error) => {
		child.output.push(`spawn error: ${error.message}`);
	});
	child.label = name;
	return child;
}

/** Runs a command to the end; resolves { code, stdout, stderr }; rejects on non-zero unless allowFail. */
async function run(
	cmd,
	args,
	{
		cwd,
		env,
		quiet = false,
		allowFail = false,
		timeoutMs = 20 * 60_000,
		input,
		limitSeconds,
		uid,
		gid,
	} = {},
) {
	[cmd, args] = bounded(cmd, args, limitSeconds);
	const child = spawn(cmd, args, {
		cwd,
		env,
		uid,
		gid,
		detached: true,
		stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
	});
	child.bounded = Boolean(limitSeconds);
	child.exited = new Promise((resolve) =>
		child.on('close', (c, signal) => resolve({ code: c, signal })),
	);
	children.add(child);
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (d) => {
		stdout += d;
		if (!quiet) process.stdout.write(d);
	});
	child.stderr.setEncoding('utf8').on('data', (d) => {
		stderr += d;
		if (!quiet) process.stderr.write(d);
	});
	if (input) child.stdin.end(input);
	const timer = setTimeout(() => killChild(child, 'SIGKILL'), timeoutMs);
	const code = await new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
	}).finally(() => {
		clearTimeout(timer);
		children.delete(child);
	});
	if (code !== 0 && !allowFail) {
		const tail = (stderr || stdout).split('\n').slice(-25).join('\n');
		throw new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${code}\n${tail}`);
	}
	return { code, stdout, stderr };
}

/** Polite `signal` (PostgreSQL: SIGINT = fast shutdown), then SIGKILL to the group after `graceMs`. */
async function stopChild(child, graceMs = 8000, signal = 'SIGTERM') {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	killChild(child, signal);
	const done = await Promise.race([
		child.exited.then(() => true),
		sleep(graceMs).then(() => false),
	]);
	if (!done) {
		killChild(child, 'SIGKILL');
		await Promise.race([child.exited, sleep(2000)]);
	}
}

function tempDir(prefix) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	tempDirs.add(dir);
	return dir;
}

function removeTempDirs() {
	for (const dir of tempDirs) {
		try {
			fs.rmSync(dir, { recursive: true, force: true });
		} catch {
			/* best effort */
		}
		tempDirs.delete(dir);
	}
}

/** Kills every tracked child (group) and removes temp dirs. Synchronous so it also works in 'exit'. */
function cleanupSync() {
	for (const child of children) killChild(child, 'SIGKILL');
	if (!process.env.WAN_E2E_KEEP) removeTempDirs();
}

async function cleanup() {
	await Promise.all([...children].map((child) => stopChild(child)));
	if (!process.env.WAN_E2E_KEEP) removeTempDirs();
}

let hooked = false;
/** Clean-up on normal exit, Ctrl-C, SIGTERM and crashes. */
function installCleanupHooks({ onSignal } = {}) {
	if (hooked) return;
	hooked = true;
	process.on('exit', cleanupSync);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, async () => {
			log(`${signal}: stopping`);
			await onSignal?.();
			await cleanup();
			process.exit(130);
		});
	}
}

/** A script that hangs still ends: after `minutes` everything it started is stopped and it exits 1. */
function stopAfter(minutes, label, beforeExit = () => {}) {
	setTimeout(async () => {
		log(`${label}: hard time limit (${minutes} min) reached, stopping everything`);
		await cleanup();
		beforeExit();
		process.exit(1);
	}, minutes * 60_000).unref();
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

module.exports = {
	log,
	elapsed,
	sleep,
	start,
	run,
	stopChild,
	tempDir,
	cleanup,
	cleanupSync,
	installCleanupHooks,
	stopAfter,
	freePort,
	children,
};
