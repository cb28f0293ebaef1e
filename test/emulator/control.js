'use strict';

// Test-control API under /__emulator/ for tests that drive n8n from another process.
// Not rate limited, not logged as service traffic, never faulted.
//   GET    /__emulator/log[?since=SEQ]   request records (seq > since)
//   DELETE /__emulator/log
//   GET    /__emulator/faults            active faults
//   POST   /__emulator/faults            one fault or an array of faults (times: null|-1|"Infinity" = Infinity)
//   DELETE /__emulator/faults
//   GET    /__emulator/config            current options
//   POST   /__emulator/config            partial options
//   POST   /__emulator/reset             tasks, log and faults cleared
//   GET    /__emulator/keys              { singapore, beijing, virginia, hongkong, frankfurt, tokyo } (first key of each region)
//   GET    /__emulator/info              origin, base URLs, all keys
//   GET    /__emulator/tasks             task summaries (status now)
//   POST   /__emulator/eventbridge/targets     register an HTTP target for task-finished events
//   GET    /__emulator/eventbridge/targets     the targets (tokens not shown); DELETE removes them all
//   GET    /__emulator/eventbridge/deliveries  one record per delivery attempt
//   GET    /__emulator/eventbridge/events      every event published

const { shownTarget } = require('./eventbridge');

function reply(res, status, body) {
	const text = JSON.stringify(body, (k, v) => (v === Infinity ? 'Infinity' : v));
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

function readJson(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8').trim();
			try {
				resolve(text ? JSON.parse(text) : {});
			} catch (e) {
				reject(e);
			}
		});
		req.on('error', reject);
	});
}

function taskSummary(task) {
	return {
		task_id: task.id,
		region: task.region,
		model: task.model,
		status: task.status,
		n: task.n,
		width: task.width,
		height: task.height,
		createdAt: task.createdAt,
		startAt: task.startAt,
		endAt: task.endAt,
		prompt: task.prompt,
		inputs: task.inputs.length,
		received: task.received,
	};
}

async function handleControl(emu, req, res, url) {
	const what = url.pathname.replace(/^\/__emulator\//, '').replace(/\/+$/, '');
	const key = `${req.method} ${what}`;
	try {
		switch (key) {
			case 'GET log': {
				const since = Number(url.searchParams.get('since') || 0);
				return reply(res, 200, since ? emu.log.filter((r) => r.seq > since) : emu.log);
			}
			case 'DELETE log':
				emu.clearLog();
				return reply(res, 200, { ok: true });
			case 'GET faults':
				return reply(res, 200, emu.faults.list);
			case 'POST faults': {
				const body = await readJson(req);
				const added = (Array.isArray(body) ? body : [body]).map((f) => emu.inject(f));
				return reply(res, 200, { ok: true, added });
			}
			case 'DELETE faults':
				emu.clearFaults();
				return reply(res, 200, { ok: true });
			case 'GET config':
				return reply(res, 200, emu.options);
			case 'POST config':
				emu.configure(await readJson(req));
				return reply(res, 200, emu.options);
			case 'POST reset':
				emu.reset();
				return reply(res, 200, { ok: true });
			case 'GET keys':
				return reply(res, 200, emu.keys);
			case 'GET info':
				return reply(res, 200, emu.info());
			case 'POST eventbridge/targets':
				return reply(res, 200, shownTarget(emu.eventBridge.addTarget(await readJson(req))));
			case 'GET eventbridge/targets':
				return reply(res, 200, emu.eventBridge.targets.map(shownTarget));
			case 'DELETE eventbridge/targets':
				emu.eventBridge.clearTargets();
				return reply(res, 200, { ok: true });
			case 'GET eventbridge/deliveries':
				return reply(res, 200, emu.eventBridge.deliveries);
			case 'GET eventbridge/events':
				return reply(res, 200, emu.eventBridge.published);
			case 'GET tasks':
				return reply(res, 200, [...emu.tasks.values()].map(taskSummary));
			default:
				return reply(res, 404, { error: `unknown control route ${key}` });
		}
	} catch (e) {
		return reply(res, 400, { error: e.message });
	}
}

module.exports = { handleControl };
