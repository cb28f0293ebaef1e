import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { checkBoolean, checkNumber, checkOption, checkText } from '../helpers/checks';
import { failParameter } from '../helpers/nodeError';
import { EDITING_MODELS } from '../helpers/models';
import { WAIT_LIMITS } from '../helpers/wait/settings';

export const OUTCOMES = ['succeeded', 'partial', 'failed', 'canceled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const TRIGGER_LIMITS = { maxTasksPerPoll: { min: 1, max: 1000, fallback: 50 } };

export interface TriggerSettings {
	outcomes: Set<Outcome>;
	/** Empty: every model. */
	models: string[];
	createdAfter?: number;
	maxTasks: number;
	download: boolean;
	outputMode: 'perImage' | 'perTask';
	binaryProperty: string;
	maxImageBytes: number;
}

/**
 * The poll context seen as the execute context the transport and the checks are written for: a
 * poll has no items (parameters are read without an index), no Continue On Fail and no stop signal.
 */
export function executeView(poll: IPollFunctions): IExecuteFunctions {
	return Object.create(poll, {
		getNodeParameter: { value: (name: string, _itemIndex: number, fallback?: unknown) => poll.getNodeParameter(name, fallback) },
		continueOnFail: { value: () => false },
		getExecutionCancelSignal: { value: () => undefined },
	}) as IExecuteFunctions;
}

const MODEL_NAME = { pattern: /[A-Za-z0-9._,\s-]/, explain: 'Model names have only letters, digits, ".", "-" and "_"; separate them with commas.' };

/** Every trigger parameter, checked at run time (expressions bypass the editor). */
export function readTriggerSettings(ctx: IExecuteFunctions): TriggerSettings {
	const param = (name: string, fallback: unknown) => ctx.getNodeParameter(name, 0, fallback);
	const given = param('statuses', [...OUTCOMES]);
	// An expression may well yield "succeeded,failed" rather than a list.
	const states = typeof given === 'string' ? given.split(',').map((state) => state.trim()).filter(Boolean) : given;
	if (!Array.isArray(states) || states.length === 0) {
		failParameter(ctx.getNode(), 0, 'Fire On must name at least one finished state', `Pick one or more of ${OUTCOMES.join(', ')}.`);
	}
	const outcomes = new Set(states.map((state) => checkOption(ctx, 0, 'Fire On', state, OUTCOMES)));
	const options = param('options', {}) as Record<string, unknown>;
	const models = checkText(ctx, 0, 'Models', options.models ?? EDITING_MODELS, { max: 1000, charset: MODEL_NAME, advice: `Name the models to watch, e.g. wan2.7-image, or leave it empty for every model.` });
	let createdAfter: number | undefined;
	if (options.createdAfter !== undefined && options.createdAfter !== '' && options.createdAfter !== null) {
		createdAfter = Date.parse(String(options.createdAfter));
		if (!Number.isFinite(createdAfter)) failParameter(ctx.getNode(), 0, `Created After "${String(options.createdAfter).slice(0, 40)}" is not a date`, 'Use an ISO date such as 2026-11-23T08:00:00Z, or pick a date in the field.');
	}
	const download = checkBoolean(ctx, 0, 'Download Images', param('downloadImages', true), true);
	return {
		outcomes,
		models: (models ?? '').split(',').map((model) => model.trim()).filter(Boolean),
		createdAfter,
		maxTasks: checkNumber(ctx, 0, 'Max Tasks per Poll', options.maxTasksPerPoll, { ...TRIGGER_LIMITS.maxTasksPerPoll, integer: true }, 'Use a whole number from 1 to 1000; the rest fire at the next poll.'),
		download,
		outputMode: download ? checkOption(ctx, 0, 'Output', param('outputMode', 'perImage'), ['perImage', 'perTask'] as const) : 'perImage',
		binaryProperty: checkText(ctx, 0, 'Binary Field Name', options.binaryProperty ?? 'data', { required: true, advice: 'Name the binary field for the images, e.g. data.' }) as string,
		maxImageBytes: checkNumber(ctx, 0, 'Max Image Size (MB)', options.maxImageMb, WAIT_LIMITS.maxImageMb, 'Set the largest image to accept in MB, e.g. 50 (at most 1024).') * 1024 * 1024,
	};
}
