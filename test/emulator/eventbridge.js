'use strict';

// Task-finished events, published the way Alibaba Cloud EventBridge delivers them to an HTTP target
// with Body "Complete Event" (sources and choices in README.md, "Task-finished events"):
//   emu.eventBridge.addTarget({ url, token, region, duplicates, delayMs, retries, retryDelayMs, timeoutMs })
//   emu.eventBridge.deliveries   one record per HTTP attempt
// A task is watched from its creation; a ticker (running only while targets exist) publishes it when
// its state turns final. Non-2xx answers, timeouts and connection errors are retried.
const crypto = require('crypto');
const http = require('http');
const { REGIONS, STATUS, ROUTES } = require('./facts');
const { beijingTime } = require('./time');

const EVENT_SOURCE = 'acs.dashscope';
const TASK_FINISHED = 'dashscope:System:AsyncTaskFinish';
const TOKEN_HEADER = 'x-eventbridge-signature-token';
const TICK_MS = 50;
const FINAL = new Set([STATUS.SUCCEEDED, STATUS.FAILED, STATUS.CANCELED]);

// EventBridge's BACKOFF_RETRY is 3 retries 10 to 20 s apart; the emulator keeps the count and
// shortens the waits so tests run in seconds (a target may set real ones).
const TARGET_DEFAULTS = {
	token: null,
	region: null,
	duplicates: 0,
	delayMs: 0,
	retries: 3,
	retryDelayMs: [200, 400],
	timeoutMs: 5000,
};

/** `YYYY-MM-DD HH:mm:ss` in Beijing time: the event's data times have no milliseconds. */
const secondsBeijing = (ms) => beijingTime(ms).slice(0, 19);

/** The documented user_api_unique_key shape: apikey:version:group:task:function:model (inferred for image tasks). */
function apiKeyOf(task) {
	const route = task.shape === 'choices' ? ROUTES.messages : ROUTES.synthesis;
	const [group, taskName, fn] = route.split('/').slice(2);
	return `apikey:v1:${group}:${taskName}:${fn}:${task.model}`;
}

/** The Complete Event of a finished task, on the service's clock. */
function taskFinishedEvent(task, status, offsetMs) {
	const region = REGIONS[task.region];
	const endedAt = (status === STATUS.CANCELED ? task.canceledAt : task.endAt) + offsetMs;
	const startedAt = Math.min(task.startAt, task.canceledAt ?? Infinity) + offsetMs;
	return {
		datacontenttype: 'application/json;charset=utf-8',
		aliyunaccountid: region.uid,
		aliyunpublishtime: new Date(endedAt + 24).toISOString(),
		data: {
			start_time: secondsBeijing(startedAt),
			user_api_unique_key: apiKeyOf(task),
			task_status: status,
			contain_result: false,
			end_time: secondsBeijing(endedAt),
			task_id: task.id,
			region: region.regionId,
			request_id: task.requestId,
			api_key_id: String(task.keyId),
		},
		aliyunoriginalaccountid: region.uid,
		specversion: '1.0',
		aliyuneventbusname: 'default',
		id: crypto.randomUUID(),
		source: EVENT_SOURCE,
		time: new Date(endedAt).toISOString(),
		aliyunregionid: region.regionId,
		type: TASK_FINISHED,
	};
}

function checkTarget(spec) {
	const target = { ...TARGET_DEFAULTS, ...spec };
	const url = new URL(String(target.url));
	if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
		throw new Error('emulator: an EventBridge target must be an http URL on this machine');
	if (target.region !== null && !REGIONS[target.region])
		throw new Error(`emulator: unknown region "${target.region}"`);
	for (const name of ['duplicates', 'delayMs', 'retries', 'timeoutMs'])
		if (!(Number.isInteger(target[name]) && target[name] >= 0))
			throw new Error(`emulator: target ${name} must be a whole number >= 0`);
	const delays = [].concat(target.retryDelayMs);
	if (delays.length < 1 || delays.length > 2 || delays.some((d) => !(d >= 0)))
		throw new Error('emulator: target retryDelayMs is a number or [min, max] in ms');
	target.retryDelayMs = [delays[0], delays[delays.length - 1]];
	return target;
}

/** POSTs one event; resolves to the HTTP status, or null with the error (timeout, refused, reset). */
function post(target, body) {
	return new Promise((resolve) => {
		const headers = {
			'content-type': 'application/json;charset=utf-8',
			'content-length': Buffer.byteLength(body),
		};
		if (target.token) headers[TOKEN_HEADER] = target.token;
		const req = http.request(target.url, { method: 'POST', headers, timeout: target.timeoutMs });
		req.on('response', (res) => {
			res.resume();
			res.on('end', () => resolve({ status: res.statusCode }));
			res.on('error', () => resolve({ status: res.statusCode }));
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (error) => resolve({ status: null, error: error.message }));
		req.end(body);
	});
}

class EventBridge {
	constructor(emu) {
		this.emu = emu;
		this.targets = [];
		this.watched = new Set();
		this.deliveries = [];
		this.published = [];
		this.seq = 0;
		this.ticker = null;
		this.timers = new Set();
	}

	/** Registers an HTTP target (a rule with one target); returns it with its id. */
	addTarget(spec) {
		const target = { id: `target-${this.targets.length + 1}`, ...checkTarget(spec) };
		// Tasks that finished before the rule existed are not published (EventBridge has no backlog).
		const now = Date.now();
		for (const task of this.watched)
			if (FINAL.has(this.emu.store.statusAt(task, now))) this.watched.delete(task);
		this.targets.push(target);
		this.arm();
		return target;
	}

	clearTargets() {
		this.targets.length = 0;
		this.arm();
	}

	/** A new task: published when it finishes. */
	watch(task) {
		this.watched.add(task);
		this.arm();
	}

	arm() {
		const wanted = this.targets.length > 0 && this.watched.size > 0 && !this.stopped;
		if (wanted && !this.ticker) this.ticker = setInterval(() => this.tick(), TICK_MS).unref();
		if (!wanted && this.ticker) {
			clearInterval(this.ticker);
			this.ticker = null;
		}
	}

	tick() {
		const now = Date.now();
		for (const task of this.watched) {
			const status = this.emu.store.statusAt(task, now);
			if (status === STATUS.UNKNOWN) this.watched.delete(task);
			else if (FINAL.has(status)) {
				this.watched.delete(task);
				this.publish(taskFinishedEvent(task, status, this.emu.options.clockOffsetMs), task.region);
			}
		}
		this.arm();
	}

	/** Sends an event to every target of its region (each target gets every matching event). */
	publish(event, region) {
		this.published.push(event);
		for (const target of this.targets) {
			if (target.region !== null && target.region !== region) continue;
			for (let copy = 0; copy <= target.duplicates; copy++)
				this.later(target.delayMs, () => this.deliver(target, event, 1, copy > 0));
		}
	}

	later(ms, fn) {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			if (!this.stopped) fn();
		}, ms).unref();
		this.timers.add(timer);
	}

	async deliver(target, event, attempt, duplicate) {
		const record = {
			seq: ++this.seq,
			at: Date.now(),
			target: target.id,
			eventId: event.id,
			taskId: event.data.task_id,
			attempt,
			duplicate,
			status: null,
			error: null,
			ms: null,
		};
		this.deliveries.push(record);
		const answer = await post(target, JSON.stringify(event));
		Object.assign(record, answer, { ms: Date.now() - record.at });
		const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
		if (!ok && attempt <= target.retries) {
			const [min, max] = target.retryDelayMs;
			const wait = min + Math.round(this.emu.rng() * (max - min));
			this.later(wait, () => this.deliver(target, event, attempt + 1, duplicate));
		}
	}

	reset() {
		this.watched.clear();
		this.deliveries.length = 0;
		this.published.length = 0;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.arm();
	}

	stop() {
		this.stopped = true;
		this.reset();
	}
}

/** A target as the control API shows it: the token is not echoed. */
const shownTarget = (target) => ({ ...target, token: target.token ? '(set)' : null });

module.exports = { EventBridge, taskFinishedEvent, shownTarget, TOKEN_HEADER, TASK_FINISHED };
