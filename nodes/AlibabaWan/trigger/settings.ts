import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { EDITING_MODELS, NEW_NODE_MODEL } from '../create';
import { checkBoolean, checkNumber, checkOption, checkText } from '../helpers/checks';
import { failParameter } from '../helpers/nodeError';
import type { OutputSettings } from '../items';
import { readOutputSettings } from '../items';

export const OUTCOMES = ['succeeded', 'partial', 'failed', 'canceled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const TRIGGER_LIMITS = { maxTasksPerPoll: { min: 1, max: 10000, fallback: 500 } };

export interface TriggerSettings extends OutputSettings {
	outcomes: Set<Outcome>;
	/** Empty: every model. */
	models: string[];
	createdAfter?: number;
	maxTasks: number;
}

const MODEL_NAME = {
	pattern: /[A-Za-z0-9._,\s-]/,
	explain: 'Model names have only letters, digits, ".", "-" and "_"; separate them with commas.',
};

/** Every trigger parameter, checked at run time (expressions bypass the editor). */
export function readTriggerSettings(ctx: IPollFunctions): TriggerSettings {
	const param = (name: string, fallback: unknown) => ctx.getNodeParameter(name, fallback);
	const given = param('statuses', [...OUTCOMES]);
	// An expression may well yield "succeeded,failed" rather than a list.
	const states =
		typeof given === 'string'
			? given
					.split(',')
					.map((state) => state.trim())
					.filter(Boolean)
			: given;
	if (!Array.isArray(states) || states.length === 0) {
		failParameter(
			ctx.getNode(),
			0,
			'Fire On must name at least one finished state',
			`Pick one or more of ${OUTCOMES.join(', ')}.`,
		);
	}
	const outcomes = new Set(states.map((state) => checkOption(ctx, 0, 'Fire On', state, OUTCOMES)));
	const options = param('options', {}) as IDataObject;
	const models = checkText(ctx, 0, 'Models', options.models ?? EDITING_MODELS, {
		max: 1000,
		charset: MODEL_NAME,
		advice: `Name the models to watch, e.g. ${NEW_NODE_MODEL}, or leave it empty for every model.`,
	});
	let createdAfter: number | undefined;
	if (
		options.createdAfter !== undefined &&
		options.createdAfter !== '' &&
		options.createdAfter !== null
	) {
		createdAfter = Date.parse(String(options.createdAfter));
		if (!Number.isFinite(createdAfter))
			failParameter(
				ctx.getNode(),
				0,
				`Created After "${String(options.createdAfter).slice(0, 40)}" is not a date`,
				'Use an ISO date such as 2026-11-23T08:00:00Z, or pick a date in the field.',
			);
	}
	const download = checkBoolean(ctx, 0, 'Download Images', param('downloadImages', true), true);
	return {
		...readOutputSettings(
			ctx,
			download,
			download ? param('outputMode', 'perImage') : undefined,
			options,
		),
		outcomes,
		models: (models ?? '')
			.split(',')
			.map((model) => model.trim())
			.filter(Boolean),
		createdAfter,
		maxTasks: checkNumber(
			ctx,
			0,
			'Max Tasks per Execution',
			options.maxTasksPerPoll,
			{ ...TRIGGER_LIMITS.maxTasksPerPoll, integer: true },
			'Use a whole number from 1 to 10000; the rest fire at the next poll.',
		),
	};
}
