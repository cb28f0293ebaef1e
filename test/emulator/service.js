'use strict';

// The service routes. Each handler gets a parsed request context and returns a response
// description ({ status, json | parts | xml, headers, code, taskId }); the router sends it, so
// faults can replace any answer after the real work was done.
const crypto = require('crypto');
const { ERRORS, STATUS, LIST, CHOICES, RESULT_URL, PRESET_ROUNDING } = require('./facts');
const { ApiError, ossErrorXml } = require('./errors');
const { authenticate } = require('./auth');
const { parseJsonBody, validateCreate, defaultOutputSize } = require('./validate');
const { budgetSize } = require('./params');
const { loadImages } = require('./inputs');
const { queryBody, unknownBody, listItem, listBody } = require('./views');
const { parseCompactBeijing } = require('./time');

const invalid = (message) => new ApiError(ERRORS.invalid, message);

function json(status, body, extra = {}) {
	return { status, json: body, headers: {}, ...extra };
}

function ossError(status, fact, requestId) {
	return {
		status,
		xml: ossErrorXml(fact.code, fact.message, requestId, 'emulator-oss.aliyuncs.com'),
		headers: { 'x-oss-request-id': requestId },
		code: fact.code,
	};
}

function ossRequestId() {
	return crypto.randomBytes(12).toString('hex').toUpperCase();
}

/** The size of the result images: asked for, a preset's pixel budget, or the model's default. */
function outputSize(spec, last) {
	if (spec.size && spec.size.budget)
		return budgetSize(
			spec.size.budget,
			last.width,
			last.height,
			spec.modelFacts.maxAspect,
			PRESET_ROUNDING,
		);
	if (spec.size) return spec.size;
	return spec.modelFacts.kind === 'wan25'
		? defaultOutputSize(last.width, last.height)
		: { width: last.width, height: last.height };
}

class Service {
	constructor(emu) {
		this.emu = emu;
	}

	get options() {
		return this.emu.options;
	}

	/** 429 with Retry-After when configured. */
	throttled() {
		const seconds = this.options.retryAfterSeconds;
		return new ApiError(
			ERRORS.throttled,
			undefined,
			seconds === null || seconds === undefined ? {} : { 'Retry-After': String(seconds) },
		);
	}

	limitQuery(account, now) {
		if (!this.emu.queryWindow.tryTake(account, this.options.queryRateLimit, now))
			throw this.throttled();
	}

	/** JSON routes under {BASE}: authenticate, then dispatch. */
	async handle(ctx) {
		if (ctx.route === 'other')
			throw new ApiError(ERRORS.notFound, `${ERRORS.notFound.message} (${ctx.method} ${ctx.path})`);
		const caller = authenticate(this.emu.keyring, ctx.headers.authorization, ctx.region);
		ctx.record.auth = caller.auth;
		if (caller.auth === 'missing') throw new ApiError(ERRORS.noKey);
		if (caller.auth !== 'valid') throw new ApiError(ERRORS.badKey);
		return this[ctx.route](ctx, caller);
	}

	async create(ctx, caller) {
		const asyncValue = String(ctx.headers['x-dashscope-async'] || '');
		const asyncOn = CHOICES.asyncHeaderCaseInsensitive
			? asyncValue.toLowerCase() === 'enable'
			: asyncValue === 'enable';
		if (!asyncOn) throw new ApiError(ERRORS.syncCall);
		if (ctx.body.tooLarge) throw new ApiError(ERRORS.tooLarge);
		if (!this.emu.createWindow.tryTake(caller.account, this.options.createRateLimit, Date.now()))
			throw this.throttled();
		const spec = validateCreate(parseJsonBody(ctx.body.buffer), ctx.region, ctx.api);
		const loaded = await loadImages(spec, this.emu.inputs, this.options.strictDecode);
		const size = outputSize(spec, loaded.images[loaded.images.length - 1]);
		const task = this.emu.store.create(
			{ ...spec, width: size.width, height: size.height },
			loaded,
			{
				region: ctx.region,
				account: caller.account,
				keyId: caller.keyId,
				workspace: ctx.record.workspace,
				requestId: ctx.requestId,
			},
			Date.now(),
		);
		this.emu.eventBridge.watch(task);
		return json(
			200,
			{ output: { task_status: STATUS.PENDING, task_id: task.id }, request_id: ctx.requestId },
			{ taskId: task.id },
		);
	}

	async query(ctx, caller) {
		const now = Date.now();
		this.limitQuery(caller.account, now);
		const task = this.emu.store.visible(ctx.taskId, caller.account, now);
		if (!task) return json(200, unknownBody(ctx.requestId, ctx.taskId));
		const status = this.emu.store.statusAt(task, now);
		return json(
			200,
			queryBody(
				task,
				status,
				ctx.requestId,
				(t, i) => this.resultUrl(t, i),
				this.options.clockOffsetMs,
			),
		);
	}

	resultUrl(task, index) {
		return this.emu.signer.url(
			this.emu.origin,
			task.id,
			index,
			task.endAt + this.options.resultUrlTtlMs,
		);
	}

	async cancel(ctx, caller) {
		const now = Date.now();
		this.limitQuery(caller.account, now);
		const task = this.emu.store.visible(ctx.taskId, caller.account, now);
		if (!task) throw new ApiError(ERRORS[CHOICES.cancelUnknownAs]);
		if (!this.emu.store.cancel(task, now)) throw new ApiError(ERRORS.cancelNotPending);
		return json(200, CHOICES.cancelBody(ctx.requestId));
	}

	async list(ctx, caller) {
		const now = Date.now();
		this.limitQuery(caller.account, now);
		const q = ctx.url.searchParams;
		const intParam = (name, fallback, max) => {
			const raw = q.get(name);
			if (raw === null || raw === '') return fallback;
			const value = Number(raw);
			if (!Number.isInteger(value) || value < 1 || value > max)
				throw invalid(`Parameter '${name}' must be an integer within [1, ${max}], got "${raw}".`);
			return value;
		};
		const timeParam = (name) => {
			const raw = q.get(name);
			if (raw === null || raw === '') return null;
			const ms = parseCompactBeijing(raw);
			if (Number.isNaN(ms))
				throw invalid(`Parameter '${name}' must be YYYYMMDDhhmmss (Beijing time), got "${raw}".`);
			// A filter is read on the service's own clock.
			return ms - this.options.clockOffsetMs;
		};
		const pageNo = intParam('page_no', LIST.pageNoDefault, Number.MAX_SAFE_INTEGER);
		const pageSize = intParam('page_size', LIST.pageSizeDefault, LIST.pageSizeMax);
		const start = timeParam('start_time');
		const end = timeParam('end_time');
		const status = q.get('status') || null;
		if (status && !Object.values(STATUS).includes(status))
			throw invalid(`Parameter 'status' must be one of ${Object.values(STATUS).join(', ')}.`);
		const model = q.get('model_name') || null;
		const store = this.emu.store;
		const rows = [];
		for (const task of store.listOf(caller.account, now)) {
			const taskStatus = store.statusAt(task, now);
			if (start !== null && task.createdAt < start) continue;
			// end_time has whole seconds: a task created within that second is included.
			if (end !== null && task.createdAt >= end + 1000) continue;
			if (model && task.model !== model) continue;
			if (status && taskStatus !== status) continue;
			rows.push([task, taskStatus]);
		}
		const page = rows
			.slice((pageNo - 1) * pageSize, pageNo * pageSize)
			.map(([t, s]) => listItem(t, s, this.options.clockOffsetMs));
		return json(200, listBody(ctx.requestId, page, rows.length, pageNo, pageSize));
	}

	/** GET /results/{task}/{index}.png — a signed link, no Authorization (like OSS). */
	download(ctx) {
		const now = Date.now();
		const requestId = ossRequestId();
		const errors = RESULT_URL.signedErrors;
		const m = /^\/results\/([^/]+)\/(\d+)\.png$/.exec(ctx.path);
		if (!m) return ossError(404, errors.noKey, requestId);
		const verdict = this.emu.signer.check(ctx.path, ctx.url.searchParams, now);
		if (verdict !== 'ok') return { ...ossError(403, errors[verdict], requestId), taskId: m[1] };
		const task = this.emu.store.tasks.get(m[1]);
		const index = Number(m[2]);
		if (!task) return { ...ossError(404, errors.noKey, requestId), taskId: m[1] };
		if (now > task.endAt + this.options.resultUrlTtlMs)
			return { ...ossError(403, errors.expired, requestId), taskId: task.id };
		const done = task.canceledAt === null && !task.fail && now >= task.endAt;
		if (!done || index >= task.n || task.failedIndexes.includes(index))
			return { ...ossError(404, errors.noKey, requestId), taskId: task.id };
		const { parts, length } = this.emu.renderer.parts(task, index);
		return {
			status: 200,
			parts,
			length,
			contentType: 'image/png',
			headers: {
				'x-oss-request-id': requestId,
				ETag: `"${task.id}-${index}"`,
				'Last-Modified': new Date(task.endAt).toUTCString(),
			},
			taskId: task.id,
		};
	}
}

module.exports = { Service, ossError, ossRequestId };
