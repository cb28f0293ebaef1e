import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { EDITING_MODELS, NEW_NODE_MODEL } from '../create';
import { checkBoolean, checkOption, checkText } from '../helpers/checks';
import type { HasNode } from '../helpers/nodeError';
import { failParameter } from '../helpers/nodeError';
import type { OutputSettings } from '../items';
import {
	binaryPropertyOption,
	maxImageMbOption,
	outputModeField,
	readOutputSettings,
} from '../items';
import type { Outcome } from './outcome';
import { OUTCOMES } from './outcome';

/** Fire On: the same field on both triggers. */
export const fireOnField: INodeProperties = {
	displayName: 'Fire On',
	name: 'statuses',
	type: 'multiOptions',
	default: [...OUTCOMES],
	options: [
		{
			name: 'Succeeded',
			value: 'succeeded',
			description: 'Every image of the task was made',
		},
		{
			name: 'Partly Succeeded',
			value: 'partial',
			description:
				'The task succeeded with fewer images than asked: a failed image (Wan 2.5), or fewer images returned (Wan 2.6/2.7, tasks created by this n8n)',
		},
		{ name: 'Failed', value: 'failed' },
		{ name: 'Canceled', value: 'canceled' },
	],
	description: 'Which finished states start the workflow',
};

export const downloadImagesField: INodeProperties = {
	displayName: 'Download Images',
	name: 'downloadImages',
	type: 'boolean',
	default: true,
	description:
		'Whether to download the result images as binary data for the next node (result URLs expire 24 hours after the task finished)',
};

export const modelsOption: INodeProperties = {
	displayName: 'Models',
	name: 'models',
	type: 'string',
	default: EDITING_MODELS,
	description: 'Tasks of these models fire (comma-separated); empty: every model of the account',
};

/**
 * Both triggers' fields after their own: Fire On, Download Images, Output and the Options
 * collection, which also holds a trigger's own `options` (shown in alphabetical order).
 */
export function finishedFields(options: INodeProperties[] = []): INodeProperties[] {
	return [
		fireOnField,
		downloadImagesField,
		{ ...outputModeField, displayOptions: { show: { downloadImages: [true] } } },
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				binaryPropertyOption,
				{
					...maxImageMbOption,
					description:
						'A download larger than this fails (the task still fires, with the reason) instead of filling memory or disk',
				},
				modelsOption,
				...options,
			].sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}

/** What both triggers read: which finished tasks fire, and what their images become. */
export interface FinishedSettings extends OutputSettings {
	outcomes: Set<Outcome>;
	/** Empty: every model. */
	models: string[];
}

export interface ReadsParameters extends HasNode {
	getNodeParameter(name: string, fallback?: unknown): unknown;
}

const MODEL_NAME = {
	pattern: /[A-Za-z0-9._,\s-]/,
	explain: 'Model names have only letters, digits, ".", "-" and "_"; separate them with commas.',
};

/** Fire On, Download Images, Output and the Options collection's Models and image fields, checked at run time. */
export function readFinishedSettings(ctx: ReadsParameters): FinishedSettings {
	const param = (name: string, fallback: unknown) =>
		ctx.getNodeParameter(name, fallback as INodeParameters);
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
	};
}
