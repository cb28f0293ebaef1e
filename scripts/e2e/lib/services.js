'use strict';
// Redis and PostgreSQL for n8n's queue mode: Debian's packages (installed when missing), each server
// a child of this script on 127.0.0.1 and a free port, its files in a temp folder, bounded in lifetime
// by `timeout` like n8n, stopped by PID at the end.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { run, start, stopChild, tempDir, freePort, sleep, log, elapsed } = require('./util');

const PG_ROOT = '/usr/lib/postgresql'; // Debian: /usr/lib/postgresql/<major>/bin
const LIMIT_SECONDS = 30 * 60;

/** The newest /usr/lib/postgresql/<major>/bin that has `postgres`, or null. */
function pgBinDir() {
	if (!fs.existsSync(PG_ROOT)) return null;
	const majors = fs
		.readdirSync(PG_ROOT)
		.filter((v) => fs.existsSync(path.join(PG_ROOT, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(PG_ROOT, majors[0], 'bin') : null;
}

function which(name) {
	for (const dir of (process.env.PATH || '')
		.split(path.delimiter)
		.concat(['/usr/sbin', '/usr/bin'])) {
		const file = path.join(dir, name);
		if (dir && fs.existsSync(file)) return file;
	}
	return null;
}

/** apt-get installs `redis-server` / `postgresql` when their binaries are missing; resolves { installed, ms }. */
async function ensurePackages() {
	const missing = [];
	if (!which('redis-server')) missing.push('redis-server');
	if (!pgBinDir()) missing.push('postgresql');
	if (!missing.length) return { installed: [], ms: 0 };
	if (process.getuid?.() !== 0)
		throw new Error(
			`${missing.join(' and ')} missing: install them (apt-get install ${missing.join(' ')}) or run as root`,
		);
	const t = Date.now();
	// The packages would start their own servers on 6379/5432: policy-rc.d 101 forbids that (the
	// Docker convention); ours run on free ports instead. An existing policy is left alone.
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	try {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		// A fresh machine may still run unattended-upgrades: wait for dpkg's lock instead of failing.
		const lock = ['-o', 'DPkg::Lock::Timeout=180'];
		await run('apt-get', [...lock, 'update', '-q'], { env, quiet: true, limitSeconds: 10 * 60 });
		await run('apt-get', [...lock, 'install', '-y', '-q', '--no-install-recommends', ...missing], {
			env,
			quiet: true,
			limitSeconds: 10 * 60,
		});
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
	if (!which('redis-server') || !pgBinDir())
		throw new Error(
			`apt-get install ${missing.join(' ')} did not provide redis-server and postgres`,
		);
	log(`services: apt-get install ${missing.join(' ')} took ${elapsed(t)}`);
	return { installed: missing, ms: Date.now() - t };
}

/** Sends PING until redis answers +PONG. */
async function redisPing(port, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const ok = await new Promise((resolve) => {
			const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
			socket.setTimeout(1000, () => {
				socket.destroy();
				resolve(false);
			});
			socket.on('data', (d) => {
				socket.destroy();
				resolve(d.toString().startsWith('+PONG'));
			});
			socket.on('error', () => resolve(false));
		});
		if (ok) return;
		await sleep(200);
	}
	throw new Error(`redis on port ${port} did not answer PING`);
}

async function startRedis() {
	const dir = tempDir('wan-e2e-redis-');
	const port = await freePort();
	// No persistence, no config file: a throwaway queue.
	const child = start(
		which('redis-server'),
		[
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		],
		{ cwd: dir, name: 'redis-server', limitSeconds: LIMIT_SECONDS },
	);
	try {
		await redisPing(port, 15_000);
	} catch (error) {
		throw new Error(`${error.message}\n${child.output.slice(-20).join('\n')}`);
	}
	return { child, port, stop: () => stopChild(child, 5000) };
}

/** initdb and postgres refuse root: as root they run as Debian's `postgres` user, owning the folder. */
function pgUser() {
	if (process.getuid?.() !== 0) return {};
	const id = (flag) =>
		Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
	const uid = id('-u');
	if (!uid)
		throw new Error(
			"running as root but there is no `postgres` user (Debian's postgresql package creates it)",
		);
	return { uid, gid: id('-g') };
}

/**
 * A fresh cluster: superuser `postgres` over the unix socket (trust, socket in the temp folder), and
 * `database`/`user` with a password over TCP on 127.0.0.1 (scram), as n8n connects in production.
 */
async function startPostgres({
	database = 'n8n',
	user = 'n8n',
	password = 'wan-e2e-pg-password',
} = {}) {
	const bin = pgBinDir();
	const owner = pgUser();
	const dir = tempDir('wan-e2e-pg-');
	const data = path.join(dir, 'data');
	const socketDir = path.join(dir, 'run');
	fs.mkdirSync(socketDir);
	if (owner.uid) for (const p of [dir, socketDir]) fs.chownSync(p, owner.uid, owner.gid);
	const env = { ...process.env, HOME: dir, LC_ALL: 'C.UTF-8' };
	const t = Date.now();
	await run(
		path.join(bin, 'initdb'),
		[
			'-D',
			data,
			'-U',
			'postgres',
			'-E',
			'UTF8',
			'--auth-local=trust',
			'--auth-host=scram-sha-256',
			'--no-sync',
		],
		{ env, cwd: dir, quiet: true, limitSeconds: 120, ...owner },
	);
	const port = await freePort();
	// Durability off (fsync, full pages): a throwaway database, on a 2-core machine.
	const child = start(
		path.join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			socketDir,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=100',
		],
		{ env, cwd: dir, name: 'postgres', limitSeconds: LIMIT_SECONDS, ...owner },
	);
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`postgres exited ${child.exitCode}\n${child.output.slice(-20).join('\n')}`);
		const ready = await run(
			path.join(bin, 'pg_isready'),
			['-q', '-h', socketDir, '-p', String(port)],
			{ env, allowFail: true, quiet: true },
		);
		if (ready.code === 0) break;
		if (Date.now() > deadline)
			throw new Error(`postgres not ready after 30 s\n${child.output.slice(-20).join('\n')}`);
		await sleep(200);
	}
	const sql = (command, db = 'postgres') =>
		run(
			path.join(bin, 'psql'),
			[
				'-X',
				'-q',
				'-v',
				'ON_ERROR_STOP=1',
				'-h',
				socketDir,
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				db,
				'-At',
				'-c',
				command,
			],
			{ env, cwd: dir, quiet: true, limitSeconds: 60 },
		);
	await sql(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
	await sql(`CREATE DATABASE ${database} OWNER ${user}`);
	log(
		`services: postgres ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} ready in ${elapsed(t)} (database ${database})`,
	);
	return {
		child,
		port,
		database,
		user,
		password,
		/** psql -At as the superuser; resolves stdout. */
		query: async (command) => (await sql(command, database)).stdout,
		stop: () => stopChild(child, 10_000, 'SIGINT'),
	};
}

/** Packages, then both servers; resolves { redis, pg, ms: { install, start }, stop() }. */
async function startServices() {
	const t = Date.now();
	const { ms: installMs } = await ensurePackages();
	const t2 = Date.now();
	const settled = await Promise.allSettled([startRedis(), startPostgres()]);
	const [redis, pg] = settled.map((r) => r.value);
	if (!redis || !pg) {
		await Promise.all([redis?.stop(), pg?.stop()]);
		throw settled.find((r) => r.status === 'rejected').reason;
	}
	log(
		`services: redis on 127.0.0.1:${redis.port}, postgres on 127.0.0.1:${pg.port} (started in ${elapsed(t2)}; total ${elapsed(t)})`,
	);
	return {
		redis,
		pg,
		ms: { install: installMs, start: Date.now() - t2 },
		stop: () => Promise.all([redis.stop(), pg.stop()]),
	};
}

module.exports = { ensurePackages, startRedis, startPostgres, startServices, pgBinDir };
