import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { checkNumber } from '../helpers/checks';
import { failParameter } from '../helpers/nodeError';
import type { FinishedSettings } from '../finished';
import { readFinishedSettings } from '../finished';

export const TRIGGER_LIMITS = { maxTasksPerPoll: { min: 1, max: 10000, fallback: 500 } };

export interface TriggerSettings extends FinishedSettings {
	createdAfter?: number;
	maxTasks: number;
}

/** Every trigger parameter, checked at run time (expressions bypass the editor). */
export function readTriggerSettings(ctx: IPollFunctions): TriggerSettings {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
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
	return {
		...readFinishedSettings(ctx),
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
