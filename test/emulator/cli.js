#!/usr/bin/env node
'use strict';

// Standalone emulator for demos and manual n8n runs:
//   node test/emulator/cli.js [--port N] [--latency MS] [--idle-stop MS]
// Stops by itself after an hour without requests, and on SIGINT / SIGTERM.
const { startEmulator } = require('./index');

function parseArgs(argv) {
	const options = { idleStopMs: 3600 * 1000 };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=');
		const value = () => Number(inline !== undefined ? inline : argv[++i]);
		if (flag === '--port') options.port = value();
		else if (flag === '--latency') options.latencyMs = value();
		else if (flag === '--idle-stop') options.idleStopMs = value();
		else if (flag === '--help' || flag === '-h') {
			console.log('usage: node test/emulator/cli.js [--port N] [--latency MS] [--idle-stop MS]');
			process.exit(0);
		} else throw new Error(`unknown argument ${argv[i]}`);
	}
	for (const [k, v] of Object.entries(options))
		if (!Number.isFinite(v)) throw new Error(`--${k} needs a number`);
	return options;
}

async function main() {
	const emu = await startEmulator(parseArgs(process.argv.slice(2)));
	console.log(`DashScope emulator listening on ${emu.origin}`);
	console.log(`  default base (Singapore): ${emu.origin}/api/v1`);
	for (const region of Object.keys(emu.keys))
		console.log(`  ${region.padEnd(9)} ${emu.baseUrl(region)}  key ${emu.keys[region]}`);
	console.log(
		`  control API: ${emu.origin}/__emulator/info ; stops after ${emu.options.idleStopMs} ms idle or on Ctrl-C`,
	);
	const shutdown = (signal) => {
		console.log(`DashScope emulator: ${signal}, stopping`);
		emu.stop();
	};
	process.once('SIGINT', () => shutdown('SIGINT'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
	await emu.closed;
	console.log('DashScope emulator stopped');
}

main().catch((err) => {
	console.error(err.message);
	process.exit(1);
});
