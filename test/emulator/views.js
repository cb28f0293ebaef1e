'use strict';

// The JSON shapes of query and list answers, exactly as the document shows them.
const { STATUS, REGIONS } = require('./facts');
const { beijingTime } = require('./time');

function unknownBody(requestId, taskId) {
	return { request_id: requestId, output: { task_id: taskId, task_status: STATUS.UNKNOWN } };
}

/**
 * Wan 2.6/2.7 answers: one choice per image ({image, type}), finished, usage with the output
 * size and tokens (zeros for Wan 2.6), no task_metrics, no prompts (the official examples).
 */
function choicesBody(task, status, output, body, urlFor) {
	if (status === STATUS.SUCCEEDED) {
		const indexes = [...Array(task.n).keys()].filter((i) => !task.failedIndexes.includes(i));
		output.finished = true;
		output.choices = indexes.map((i) => ({
			finish_reason: 'stop',
			message: { role: 'assistant', content: [{ image: urlFor(task, i), type: 'image' }] },
		}));
		// CHOICE: tokens of Wan 2.7 imitated as one per 1024 pixels of every input and output.
		const pixels = task.inputs.reduce((sum, input) => sum + input.width * input.height, 0);
		const input = task.tokens ? Math.ceil(pixels / 1024) : 0;
		const out = task.tokens ? 2 * indexes.length : 0;
		body.usage = {
			size: `${task.width}*${task.height}`,
			total_tokens: input + out,
			image_count: indexes.length,
			output_tokens: out,
			input_tokens: input,
		};
	} else if (status === STATUS.FAILED) {
		output.code = task.fail.code;
		output.message = task.fail.message;
	}
	return body;
}

/** GET /tasks/{id}. `urlFor(task, index)` signs a result URL. */
function queryBody(task, status, requestId, urlFor, clockOffsetMs = 0) {
	if (status === STATUS.UNKNOWN) return unknownBody(requestId, task.id);
	const shown = (ms) => beijingTime(ms + clockOffsetMs);
	const output = {
		task_id: task.id,
		task_status: status,
		submit_time: shown(task.createdAt),
	};
	const started =
		status === STATUS.RUNNING || status === STATUS.SUCCEEDED || status === STATUS.FAILED;
	if (started) output.scheduled_time = shown(task.startAt);
	if (status === STATUS.SUCCEEDED || status === STATUS.FAILED) output.end_time = shown(task.endAt);
	const body = { request_id: requestId, output };
	if (task.shape === 'choices') return choicesBody(task, status, output, body, urlFor);
	if (status === STATUS.SUCCEEDED) {
		output.results = [];
		for (let i = 0; i < task.n; i++) {
			if (task.failedIndexes.includes(i)) {
				output.results.push({
					code: 'InternalError.Timeout',
					message:
						'An internal timeout error has occured during execution, please try again later or contact service support.',
				});
				continue;
			}
			const item = { url: urlFor(task, i), orig_prompt: task.prompt };
			if (task.actualPrompt !== null) item.actual_prompt = task.actualPrompt;
			output.results.push(item);
		}
		const ok = task.n - task.failedIndexes.length;
		output.task_metrics = { TOTAL: task.n, SUCCEEDED: ok, FAILED: task.failedIndexes.length };
		body.usage = { image_count: ok };
	} else if (status === STATUS.FAILED) {
		output.code = task.fail.code;
		output.message = task.fail.message;
		output.task_metrics = { TOTAL: task.n, SUCCEEDED: 0, FAILED: task.n };
	} else {
		output.task_metrics = { TOTAL: task.n, SUCCEEDED: 0, FAILED: 0 };
	}
	return body;
}

/** One item of GET /tasks: epoch-ms times, account ids, never result URLs. */
function listItem(task, status, clockOffsetMs = 0) {
	const region = REGIONS[task.region];
	const shown = (ms) => ms + clockOffsetMs;
	const item = {
		task_id: task.id,
		status,
		model_name: task.model,
		gmt_create: shown(task.createdAt),
	};
	if (status === STATUS.RUNNING || status === STATUS.SUCCEEDED || status === STATUS.FAILED)
		item.start_time = shown(task.startAt);
	if (status === STATUS.SUCCEEDED || status === STATUS.FAILED) item.end_time = shown(task.endAt);
	if (status === STATUS.CANCELED) item.end_time = shown(task.canceledAt);
	Object.assign(item, {
		region: region.regionId,
		request_id: task.requestId,
		api_key_id: task.keyId,
		caller_uid: region.uid,
		caller_parent_id: region.uid,
		user_api_unique_key: `apikey:v1:${task.model}:${task.keyId}`,
	});
	return item;
}

function listBody(requestId, items, total, pageNo, pageSize) {
	return {
		request_id: requestId,
		total,
		total_page: Math.ceil(total / pageSize),
		page_no: pageNo,
		page_size: pageSize,
		data: items,
	};
}

module.exports = { queryBody, unknownBody, listItem, listBody };
